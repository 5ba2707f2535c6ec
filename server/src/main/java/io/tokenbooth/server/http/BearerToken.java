package io.tokenbooth.server.http;

import io.javalin.http.Context;
import io.tokenbooth.server.oauth.OAuthException;

/** Extracts an RFC 6750 §2.1 bearer token from the Authorization header (the only method accepted). */
public final class BearerToken {
    private BearerToken() {
    }

    public static String from(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw OAuthException.invalidToken("an access token is required (Authorization: Bearer <token>)");
        }
        if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw OAuthException.invalidToken("the Authorization header must use the Bearer scheme");
        }
        String token = header.substring(7).trim();
        if (token.isEmpty()) {
            throw OAuthException.invalidToken("the bearer token is empty");
        }
        return token;
    }
}
