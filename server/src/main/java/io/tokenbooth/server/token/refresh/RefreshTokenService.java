package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.OpaqueTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and rotates refresh tokens (RFC 9700 §4.14.2): opaque, 256 random bits, stored as SHA-256 hashes; each use
 * spends the token and issues a new one in the same family; a spent token presented again revokes the family.
 * Idle and absolute lifetimes bound every family. Thread-safe.
 */
public final class RefreshTokenService {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenService.class);

    private final RefreshTokenStore store;
    private final Clock clock;
    private final Duration idleTtl;
    private final Duration absoluteTtl;

    public RefreshTokenService(RefreshTokenStore store, Clock clock, Duration idleTtl, Duration absoluteTtl) {
        this.store = store;
        this.clock = clock;
        this.idleTtl = idleTtl;
        this.absoluteTtl = absoluteTtl;
    }

    /** A fresh refresh token and the family it starts. */
    public record Issued(String token, RefreshFamily family, long expiresIn) {
    }

    public Issued issue(String accountId, String clientId, String scope) {
        Instant now = clock.instant();
        RefreshFamily family = new RefreshFamily(UUID.randomUUID().toString(), accountId, clientId, scope, now,
                now.plus(absoluteTtl));
        String token = OpaqueTokens.generate();
        store.createFamily(family, OpaqueTokens.hash(token), now.plus(idleTtl));
        return new Issued(token, family, expiresIn(family, now));
    }

    /** Spends {@code presented} and returns its replacement, or fails with {@code invalid_grant}. */
    public Issued rotate(String presented) {
        Instant now = clock.instant();
        String replacement = OpaqueTokens.generate();
        RotationOutcome outcome = store.rotate(OpaqueTokens.hash(presented), OpaqueTokens.hash(replacement), now, now.plus(idleTtl));
        return switch (outcome) {
            case RotationOutcome.Rotated r -> new Issued(replacement, r.family(), expiresIn(r.family(), now));
            case RotationOutcome.Reused r -> {
                LOG.warn("refresh token reuse detected: family {} of account {} revoked", r.family().id(), r.family().accountId());
                throw OAuthException.invalidGrant("the refresh token has already been used; its session has been revoked");
            }
            case RotationOutcome.Ended e -> throw OAuthException.invalidGrant("the refresh token is no longer valid")
                    .withDetail(e.reason());
            case RotationOutcome.Unknown u -> throw OAuthException.invalidGrant("the refresh token is not valid");
        };
    }

    /** Ends the family of {@code token}. Unknown tokens are ignored, as RFC 7009 §2.2 asks of revocation. */
    public void revoke(String token, String reason) {
        store.revokeFamilyOf(OpaqueTokens.hash(token), clock.instant(), reason);
    }

    public int revokeAllForAccount(String accountId, String reason) {
        return store.revokeAllForAccount(accountId, clock.instant(), reason);
    }

    private long expiresIn(RefreshFamily family, Instant now) {
        Instant idle = now.plus(idleTtl);
        Instant end = idle.isBefore(family.absoluteExpiresAt()) ? idle : family.absoluteExpiresAt();
        return Math.max(0, Duration.between(now, end).toSeconds());
    }
}
