package io.tokenbooth.server.account;

import io.javalin.http.Context;
import io.tokenbooth.server.http.BearerToken;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.AccessTokenVerifier;
import io.tokenbooth.server.token.VerifiedAccessToken;
import io.tokenbooth.server.token.revocation.AccessTokenDenyList;

/**
 * {@code GET /api/v1/me} with {@code Authorization: Bearer <access token>} → the account it was issued to. The token
 * must not be revoked (RFC 7009 deny-list) and must carry the first-party scope {@code api}: an OAuth client's token
 * for the issuer's audience reaches only what its scopes allow (UserInfo), not this endpoint.
 */
public final class MeEndpoint {
    private final AccessTokenVerifier verifier;
    private final AccountService accounts;
    private final AccessTokenDenyList denyList;

    public MeEndpoint(AccessTokenVerifier verifier, AccountService accounts, AccessTokenDenyList denyList) {
        this.verifier = verifier;
        this.accounts = accounts;
        this.denyList = denyList;
    }

    public void handle(Context ctx) {
        VerifiedAccessToken token = verifier.verify(BearerToken.from(ctx));
        if (denyList.isRevoked(token.jti())) {
            throw OAuthException.invalidToken("the access token has been revoked");
        }
        if (!token.hasScope("api")) {
            throw OAuthException.insufficientScope("the access token lacks the api scope");
        }
        Account account = accounts.findById(token.accountId()).filter(a -> !a.disabled())
                .orElseThrow(() -> OAuthException.invalidToken("the account behind this token is gone or disabled"));
        JsonResponse.noStore(ctx, 200, SignupEndpoint.view(account));
    }
}
