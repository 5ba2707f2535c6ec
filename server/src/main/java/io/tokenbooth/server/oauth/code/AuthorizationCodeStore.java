package io.tokenbooth.server.oauth.code;

import io.tokenbooth.server.token.status.StatusIndex;
import java.time.Instant;

/** Storage of authorization codes, by SHA-256 hash only. Thread-safe and safe across nodes. */
public interface AuthorizationCodeStore {

    void create(String codeHash, AuthorizationCode code);

    /**
     * Spends the code: a compare-and-set on {@code redeemed_at}, so of concurrent redemptions exactly one gets
     * {@link Redemption.Fresh}; the others, and any later one, get {@link Redemption.Replayed}. Expiry is the
     * caller's to check on the returned code.
     */
    Redemption redeem(String codeHash, Instant now);

    /** Records what the first redemption issued, for revocation on replay. */
    default void recordIssued(String codeHash, String refreshFamilyId, String accessTokenJti,
                              Instant accessTokenExpiresAt) {
        recordIssued(codeHash, refreshFamilyId, accessTokenJti, accessTokenExpiresAt, null);
    }

    /** Records what the first redemption issued, with the access token's status index (may be null). */
    void recordIssued(String codeHash, String refreshFamilyId, String accessTokenJti, Instant accessTokenExpiresAt,
                      StatusIndex accessStatus);

}
