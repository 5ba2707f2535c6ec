package io.tokenbooth.server.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A browser sign-in (single sign-on session), known to the server only by the SHA-256 of its cookie value.
 *
 * @param authTime when the user entered their password (OpenID Connect {@code auth_time})
 * @param amr how they authenticated (RFC 8176), e.g. {@code ["pwd"]}
 * @param lastSeenAt the last time the session was used; it ends after the idle timeout without use
 * @param expiresAt the absolute end: {@code authTime} plus the absolute lifetime, used or not
 */
public record SsoSession(String idHash, String accountId, Instant authTime, List<String> amr, Instant lastSeenAt,
                         Instant expiresAt, Optional<Instant> revokedAt) {

    public SsoSession {
        amr = List.copyOf(amr);
    }

    /** Not revoked, before its absolute end, and used within {@code idleTtl}. */
    public boolean activeAt(Instant now, Duration idleTtl) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt) && now.isBefore(lastSeenAt.plus(idleTtl));
    }

    public SsoSession seenAt(Instant now) {
        return new SsoSession(idHash, accountId, authTime, amr, now, expiresAt, revokedAt);
    }
}
