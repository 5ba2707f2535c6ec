package io.tokenbooth.server.account;

import io.javalin.http.Context;
import io.tokenbooth.server.http.BearerToken;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.AccessTokenVerifier;
import io.tokenbooth.server.token.VerifiedAccessToken;

/** {@code GET /api/v1/me} with {@code Authorization: Bearer <access token>} → the account it was issued to. */
public final class MeEndpoint {
    private final AccessTokenVerifier verifier;
    private final AccountService accounts;

    public MeEndpoint(AccessTokenVerifier verifier, AccountService accounts) {
        this.verifier = verifier;
        this.accounts = accounts;
    }

    public void handle(Context ctx) {
        VerifiedAccessToken token = verifier.verify(BearerToken.from(ctx));
        Account account = accounts.findById(token.subject()).filter(a -> !a.disabled())
                .orElseThrow(() -> OAuthException.invalidToken("the account behind this token is gone or disabled"));
        JsonResponse.noStore(ctx, 200, SignupEndpoint.view(account));
    }
}
