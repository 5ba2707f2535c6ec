package io.tokenbooth.server.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.http.RequestBody;
import io.tokenbooth.server.token.refresh.RefreshTokenService;

/**
 * {@code POST /api/v1/logout {refresh_token}} → 204. Ends the family of a refresh token of the built-in client; like
 * RFC 7009 §2.2 it answers 204 for unknown or already revoked tokens too. An OAuth client's token changes nothing: it
 * may be revoked only by its client, authenticated, at {@code /oauth2/revoke} (RFC 7009 §2.1). Access tokens already
 * issued stay valid until they expire.
 */
public final class LogoutEndpoint {
    private final RefreshTokenService refreshTokens;
    private final Client firstParty;
    private final RequestBody body;

    public LogoutEndpoint(RefreshTokenService refreshTokens, Client firstParty, RequestBody body) {
        this.refreshTokens = refreshTokens;
        this.firstParty = firstParty;
        this.body = body;
    }

    record LogoutRequest(@JsonProperty("refresh_token") String refreshToken) {
    }

    public void handle(Context ctx) {
        LogoutRequest req = body.json(ctx, LogoutRequest.class);
        // Unknown tokens, and tokens longer than any we issue, are simply not found: nothing to revoke.
        refreshTokens.revoke(RefreshEndpoint.require(req.refreshToken()), firstParty.clientId(), "logout");
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
    }
}
