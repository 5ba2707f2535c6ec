package io.tokenbooth.server.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import io.tokenbooth.server.http.RequestBody;
import io.tokenbooth.server.token.FirstPartyTokens;

/**
 * {@code POST /api/v1/logout {refresh_token}} → 204. Ends the refresh token's family; like RFC 7009 §2.2 it answers
 * 204 for unknown or already revoked tokens too. Access tokens already issued stay valid until they expire.
 */
public final class LogoutEndpoint {
    private final FirstPartyTokens tokens;
    private final RequestBody body;

    public LogoutEndpoint(FirstPartyTokens tokens, RequestBody body) {
        this.tokens = tokens;
        this.body = body;
    }

    record LogoutRequest(@JsonProperty("refresh_token") String refreshToken) {
    }

    public void handle(Context ctx) {
        LogoutRequest req = body.json(ctx, LogoutRequest.class);
        String token = req.refreshToken();
        if (token == null || token.isEmpty()) {
            throw io.tokenbooth.server.oauth.OAuthException.invalidRequest("refresh_token is required");
        }
        // Tokens longer than any we issue cannot be ours: nothing to revoke.
        if (token.length() <= 512) {
            tokens.logout(token);
        }
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
    }
}
