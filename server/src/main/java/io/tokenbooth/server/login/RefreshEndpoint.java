package io.tokenbooth.server.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.http.ClientAddress;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.http.RateLimiter;
import io.tokenbooth.server.http.RequestBody;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.token.RefreshTokenGrant;

/**
 * {@code POST /api/v1/refresh {refresh_token}} → a new pair; the presented refresh token is spent. The
 * {@code refresh_token} grant of {@code /oauth2/token} for the built-in client, with a per-address rate limit in front
 * (the client does not authenticate).
 */
public final class RefreshEndpoint {
    private final RefreshTokenGrant grant;
    private final Client firstParty;
    private final RequestBody body;
    private final RateLimiter perAddress;
    private final ClientAddress clientAddress;

    public RefreshEndpoint(RefreshTokenGrant grant, Client firstParty, RequestBody body, RateLimiter perAddress,
                           ClientAddress clientAddress) {
        this.grant = grant;
        this.firstParty = firstParty;
        this.body = body;
        this.perAddress = perAddress;
        this.clientAddress = clientAddress;
    }

    record RefreshRequest(@JsonProperty("refresh_token") String refreshToken) {
    }

    public void handle(Context ctx) {
        perAddress.acquire(clientAddress.source(ctx));
        RefreshRequest req = body.json(ctx, RefreshRequest.class);
        JsonResponse.noStore(ctx, 200, TokenResponse.of(grant.refresh(firstParty,
                RefreshTokenGrant.Request.of(require(req.refreshToken())))));
    }

    static String require(String refreshToken) {
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw OAuthException.invalidRequest("refresh_token is required");
        }
        return refreshToken;
    }
}
