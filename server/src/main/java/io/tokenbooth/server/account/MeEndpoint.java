package io.tokenbooth.server.account;

import io.javalin.http.Context;
import io.tokenbooth.server.client.FirstPartyClient;
import io.tokenbooth.server.http.BearerToken;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.token.BearerTokens;

/**
 * {@code GET /api/v1/me} with {@code Authorization: Bearer <access token>} → the account it was issued to. The token
 * must not be revoked (RFC 7009 deny-list) and must carry the first-party scope {@code api}: an OAuth client's token
 * for the issuer's audience reaches only what its scopes allow (UserInfo), not this endpoint.
 */
public final class MeEndpoint {
    private final BearerTokens bearer;

    public MeEndpoint(BearerTokens bearer) {
        this.bearer = bearer;
    }

    public void handle(Context ctx) {
        Account account = bearer.require(BearerToken.from(ctx), BearerTokens.Audience.OWN_API, FirstPartyClient.SCOPE)
                .account();
        JsonResponse.noStore(ctx, 200, SignupEndpoint.view(account));
    }
}
