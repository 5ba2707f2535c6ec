package io.tokenbooth.server.token;

import io.tokenbooth.server.token.status.StatusIndex;
import java.time.Instant;

/** A signed access token with its id, expiry and status list index. */
public record IssuedAccessToken(String value, String jti, Instant expiresAt, long expiresIn, StatusIndex status) {
}
