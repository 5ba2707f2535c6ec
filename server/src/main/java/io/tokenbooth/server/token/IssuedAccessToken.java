package io.tokenbooth.server.token;

import java.time.Instant;

/** A signed access token with its id and expiry. */
public record IssuedAccessToken(String value, String jti, Instant expiresAt, long expiresIn) {
}
