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
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/refresh {refresh_token, scope?, resource?}} → a new pair; the presented refresh token is spent.
 * {@code scope} and {@code resource} only narrow what the login was for (RFC 8707 §2.2), with the errors of
 * {@code /oauth2/token}; with either, the answer names the scope. The
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

    record RefreshRequest(@JsonProperty("refresh_token") String refreshToken, String scope, String resource) {
    }

    public void handle(Context ctx) {
        perAddress.acquire(clientAddress.source(ctx));
        RefreshRequest req = body.json(ctx, RefreshRequest.class);
        boolean targeted = req.scope() != null || req.resource() != null;
        JsonResponse.noStore(ctx, 200, TokenResponse.of(grant.refresh(firstParty, new RefreshTokenGrant.Request(
                require(req.refreshToken()), Optional.ofNullable(req.scope()),
                req.resource() == null ? List.of() : List.of(req.resource()))), targeted));
    }

    static String require(String refreshToken) {
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw OAuthException.invalidRequest("refresh_token is required");
        }
        return refreshToken;
    }
}
