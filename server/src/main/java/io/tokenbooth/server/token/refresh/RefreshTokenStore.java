package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.token.AccessTokenMinter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Storage of refresh token families and tokens, by SHA-256 hash only. Thread-safe and safe across nodes sharing one
 * database: every method is one transaction.
 */
public interface RefreshTokenStore {

    /** Starts a family with its first token. */
    default void createFamily(RefreshFamily family, String tokenHash, Instant idleExpiresAt) {
        createFamily(family, tokenHash, idleExpiresAt, null);
    }

    /**
     * Starts a family with its first token and records, in the same transaction, the status index of the access
     * token minted with it ({@code access}, may be null), so that revoking the family flips that token's bit.
     */
    void createFamily(RefreshFamily family, String tokenHash, Instant idleExpiresAt, AccessTokenMinter.Slot access);

    /**
     * Atomically spends the token with {@code presentedHash} and adds {@code replacementHash} to its family. The spend
     * is a compare-and-set ({@code spent_at is null}): of concurrent callers presenting the same token exactly one gets
     * {@link RotationOutcome.Rotated}. Every other caller, and any later one, gets {@link RotationOutcome.Retried}
     * (nothing changes) when it is the family's client, presents the same {@code replacementHash}, comes less than
     * {@code reuseGrace} after the spend, and that replacement is still unspent; otherwise
     * {@link RotationOutcome.Reused}, and the family is revoked in the same transaction. A caller that arrives while
     * the winner's transaction is still open waits for it (the row lock) and then decides on what it committed.
     * Accounts that are disabled end the family too. An unspent token whose family belongs to another client than
     * {@code expectedClientId} gets {@link RotationOutcome.WrongClient} and nothing changes: it is neither spent nor
     * revoked; a spent one in another client's hands is reuse.
     */
    default RotationOutcome rotate(String presentedHash, String replacementHash, Instant now,
                                   Instant replacementIdleExpiresAt, String expectedClientId, Duration reuseGrace) {
        return rotate(presentedHash, replacementHash, now, replacementIdleExpiresAt, expectedClientId, reuseGrace, null);
    }

    /**
     * {@link #rotate(String, String, Instant, Instant, String, Duration)}, recording on {@link RotationOutcome.Rotated}
     * and {@link RotationOutcome.Retried} the status index of the access token about to be minted ({@code access},
     * may be null) in the same transaction, and dropping the family's entries of expired access tokens. Revoking the
     * family (here on reuse, or later) flips the bits of its unexpired access tokens in the revoking transaction.
     */
    RotationOutcome rotate(String presentedHash, String replacementHash, Instant now, Instant replacementIdleExpiresAt,
                           String expectedClientId, Duration reuseGrace, AccessTokenMinter.Slot access);

    /** {@link #rotate(String, String, Instant, Instant, String, Duration)} without reuse grace. */
    default RotationOutcome rotate(String presentedHash, String replacementHash, Instant now,
                                   Instant replacementIdleExpiresAt, String expectedClientId) {
        return rotate(presentedHash, replacementHash, now, replacementIdleExpiresAt, expectedClientId, Duration.ZERO);
    }

    /** The token with this hash as stored, with its family; read only. */
    Optional<RefreshTokenState> find(String tokenHash);

    /** Revokes the family with this id, if it is still live, flipping its access tokens' bits; returns whether it was. */
    boolean revokeFamily(String familyId, Instant now, String reason);

    /**
     * Revokes every family of an account (password change, disabling, {@code user revoke-sessions}), flipping their
     * access tokens' bits; returns how many were live.
     */
    int revokeAllForAccount(String accountId, Instant now, String reason);
}
