package io.tokenbooth.server.token.refresh;

import java.time.Instant;

/** A refresh token as stored, for introspection (RFC 7662) and revocation (RFC 7009): read, never changed. */
public record RefreshTokenState(RefreshFamily family, Instant issuedAt, Instant idleExpiresAt, boolean spent,
                                boolean revoked, boolean accountDisabled) {

    /** When the token stops working if unused: its idle expiry, capped by the family's absolute one. */
    public Instant expiresAt() {
        return idleExpiresAt.isBefore(family.absoluteExpiresAt()) ? idleExpiresAt : family.absoluteExpiresAt();
    }

    /** Usable for a refresh at {@code now}: current, its family live, unexpired, the account enabled. */
    public boolean activeAt(Instant now) {
        return !spent && !revoked && !accountDisabled && expiresAt().isAfter(now);
    }
}
