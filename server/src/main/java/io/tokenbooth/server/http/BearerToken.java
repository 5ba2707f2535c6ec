package io.tokenbooth.server.http;

import io.javalin.http.Context;
import io.tokenbooth.server.oauth.OAuthException;

/**
 * Extracts an RFC 6750 §2.1 bearer token from the Authorization header (the only method accepted). No header, or
 * another scheme, means the request carries no credentials ({@link OAuthException#missingToken}, RFC 6750 §3.1).
 */
public final class BearerToken {
    private BearerToken() {
    }

    public static String from(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw OAuthException.missingToken("an access token is required (Authorization: Bearer <token>)");
        }
        String trimmed = header.trim();
        boolean bearer = trimmed.regionMatches(true, 0, "Bearer", 0, 6)
                && (trimmed.length() == 6 || trimmed.charAt(6) == ' ');
        if (!bearer) {
            throw OAuthException.missingToken("the Authorization header must use the Bearer scheme");
        }
        String token = trimmed.substring(6).trim();
        if (token.isEmpty()) {
            throw OAuthException.invalidToken("the bearer token is empty");
        }
        return token;
    }
}
