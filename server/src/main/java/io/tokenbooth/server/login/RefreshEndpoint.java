package io.tokenbooth.server.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import io.tokenbooth.server.http.ClientAddress;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.http.RateLimiter;
import io.tokenbooth.server.http.RequestBody;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.FirstPartyTokens;

/** {@code POST /api/v1/refresh {refresh_token}} → a new pair; the presented refresh token is spent. */
public final class RefreshEndpoint {
    private final FirstPartyTokens tokens;
    private final RequestBody body;
    private final RateLimiter perAddress;
    private final ClientAddress clientAddress;

    public RefreshEndpoint(FirstPartyTokens tokens, RequestBody body, RateLimiter perAddress, ClientAddress clientAddress) {
        this.tokens = tokens;
        this.body = body;
        this.perAddress = perAddress;
        this.clientAddress = clientAddress;
    }

    record RefreshRequest(@JsonProperty("refresh_token") String refreshToken) {
    }

    public void handle(Context ctx) {
        perAddress.acquire(clientAddress.source(ctx));
        RefreshRequest req = body.json(ctx, RefreshRequest.class);
        JsonResponse.noStore(ctx, 200, TokenResponse.of(tokens.refresh(require(req.refreshToken()))));
    }

    static String require(String refreshToken) {
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw OAuthException.invalidRequest("refresh_token is required");
        }
        if (refreshToken.length() > 512) {
            throw OAuthException.invalidGrant("the refresh token is not valid");
        }
        return refreshToken;
    }
}
