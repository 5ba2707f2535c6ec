package io.tokenbooth.server.token.revocation;

import java.time.Instant;

/** An access token revoked before its expiry: its {@code jti}, when it was revoked, and when it expires anyway. */
public record RevokedAccessToken(String jti, Instant revokedAt, Instant expiresAt) {
}
