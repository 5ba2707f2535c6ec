package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.OpaqueTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and rotates refresh tokens (RFC 9700 §4.14.2): opaque, 256 random bits, stored as SHA-256 hashes; each use
 * spends the token and issues a new one in the same family; a spent token presented again revokes the family —
 * unless the same client repeats the token it spent last within {@code reuseGrace}: then the request is a retry of
 * that rotation (two tabs refreshing at once, a response lost to a timeout) and gets the same successor. The
 * successor is derived from the spent token ({@link SuccessorTokens}), so every node names the same one and no token
 * is stored in the clear.
 * Idle and absolute lifetimes bound every family; OAuth clients may have their own. Every family belongs to one
 * client and only that client can rotate it (RFC 6749 §6); the first-party API's families belong to the built-in
 * client ({@link io.tokenbooth.server.client.FirstPartyClient}). Thread-safe.
 */
public final class RefreshTokenService {
    /** Refresh tokens are 43 characters; anything much longer is not one of ours and is not looked up. */
    private static final int MAX_TOKEN_LENGTH = 512;
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenService.class);

    private final RefreshTokenStore store;
    private final Clock clock;
    private final Duration idleTtl;
    private final Duration absoluteTtl;
    private final Duration reuseGrace;
    private final SuccessorTokens successors;
    private volatile Runnable afterRevocation = () -> { };

    public RefreshTokenService(RefreshTokenStore store, Clock clock, Duration idleTtl, Duration absoluteTtl,
                               Duration reuseGrace, SuccessorTokens successors) {
        this.store = store;
        this.clock = clock;
        this.idleTtl = idleTtl;
        this.absoluteTtl = absoluteTtl;
        this.reuseGrace = reuseGrace;
        this.successors = successors;
    }

    /**
     * Runs {@code action} after every revocation through this service (the store has flipped the families' access
     * token bits by then): the composition root refreshes this node's status lists, so the flip is served at once
     * here; other nodes see it at their next poll.
     */
    public void afterRevocation(Runnable action) {
        this.afterRevocation = action;
    }

    /** A fresh refresh token and the family it starts. */
    public record Issued(String token, RefreshFamily family, long expiresIn) {
    }

    /** Starts a family; {@code idle} and {@code absolute} override the configured lifetimes (a client's own). */
    public Issued issue(String accountId, String clientId, String scope, RefreshFamily.Details details,
                        Optional<Duration> idle, Optional<Duration> absolute) {
        return issue(accountId, clientId, scope, details, idle, absolute, null);
    }

    /** {@link #issue}, remembering the status index of the access token minted with it ({@code access}). */
    public Issued issue(String accountId, String clientId, String scope, RefreshFamily.Details details,
                        Optional<Duration> idle, Optional<Duration> absolute, AccessTokenMinter.Slot access) {
        Instant now = clock.instant();
        RefreshFamily family = new RefreshFamily(UUID.randomUUID().toString(), accountId, clientId, scope, now,
                now.plus(absolute.orElse(absoluteTtl)), details);
        String token = OpaqueTokens.generate();
        Duration idleFor = idle.orElse(idleTtl);
        store.createFamily(family, OpaqueTokens.hash(token), now.plus(idleFor), access);
        return new Issued(token, family, expiresIn(family, now, idleFor));
    }

    /**
     * Spends {@code presented} and returns its replacement, or fails with {@code invalid_grant}: also when the token
     * belongs to another client than {@code clientId}, in which case nothing changes.
     */
    public Issued rotate(String presented, String clientId, Optional<Duration> idle) {
        return rotate(presented, clientId, idle, null);
    }

    /** {@link #rotate}, remembering the status index of the access token about to be minted ({@code access}). */
    public Issued rotate(String presented, String clientId, Optional<Duration> idle, AccessTokenMinter.Slot access) {
        if (presented.length() > MAX_TOKEN_LENGTH) {
            throw OAuthException.invalidGrant("the refresh token is not valid");
        }
        Instant now = clock.instant();
        Duration idleFor = idle.orElse(idleTtl);
        String replacement = successors.of(presented);
        RotationOutcome outcome = store.rotate(OpaqueTokens.hash(presented), OpaqueTokens.hash(replacement), now,
                now.plus(idleFor), clientId, reuseGrace, access);
        return switch (outcome) {
            case RotationOutcome.Rotated r -> new Issued(replacement, r.family(), expiresIn(r.family(), now, idleFor));
            case RotationOutcome.Retried r -> {
                LOG.info("refresh token of family {} presented again within the reuse grace: same successor", r.family().id());
                yield new Issued(replacement, r.family(), expiresIn(r.family(), now, r.successorIdleExpiresAt()));
            }
            case RotationOutcome.Reused r -> {
                afterRevocation.run();
                LOG.warn("refresh token reuse detected: family {} of account {} revoked", r.family().id(), r.family().accountId());
                throw OAuthException.invalidGrant("the refresh token has already been used; its session has been revoked");
            }
            case RotationOutcome.Ended e -> throw OAuthException.invalidGrant("the refresh token is no longer valid")
                    .withDetail(e.reason());
            // The same answer as for an unknown token: another client learns nothing about this one.
            case RotationOutcome.WrongClient w -> throw OAuthException.invalidGrant("the refresh token is not valid")
                    .withDetail("issued to another client than " + clientId);
            case RotationOutcome.Unknown u -> throw OAuthException.invalidGrant("the refresh token is not valid");
        };
    }

    /** The stored state of {@code token}, for introspection and revocation; nothing changes. */
    public Optional<RefreshTokenState> find(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return store.find(OpaqueTokens.hash(token));
    }

    /**
     * Ends the family of {@code token} if it belongs to {@code clientId}. Unknown tokens and other clients' tokens
     * change nothing, as RFC 7009 §2.2 asks of revocation: a client ends only its own tokens.
     */
    public void revoke(String token, String clientId, String reason) {
        find(token).filter(s -> s.family().clientId().equals(clientId))
                .ifPresent(s -> revokeFamily(s.family().id(), reason));
    }

    /** Ends the family with this id, if it is live (revocation of what a replayed authorization code issued). */
    public boolean revokeFamily(String familyId, String reason) {
        boolean revoked = store.revokeFamily(familyId, clock.instant(), reason);
        if (revoked) {
            afterRevocation.run();
        }
        return revoked;
    }

    public int revokeAllForAccount(String accountId, String reason) {
        int revoked = store.revokeAllForAccount(accountId, clock.instant(), reason);
        if (revoked > 0) {
            afterRevocation.run();
        }
        return revoked;
    }

    private static long expiresIn(RefreshFamily family, Instant now, Duration idleFor) {
        return expiresIn(family, now, now.plus(idleFor));
    }

    private static long expiresIn(RefreshFamily family, Instant now, Instant idle) {
        Instant end = idle.isBefore(family.absoluteExpiresAt()) ? idle : family.absoluteExpiresAt();
        return Math.max(0, Duration.between(now, end).toSeconds());
    }
}
