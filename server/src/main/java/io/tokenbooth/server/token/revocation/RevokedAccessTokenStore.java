package io.tokenbooth.server.token.revocation;

import java.time.Instant;
import java.util.List;

/** Storage of revoked access-token ids, shared by every node. Thread-safe; each method is one transaction. */
public interface RevokedAccessTokenStore {

    /** Records the revocation; revoking an id twice keeps the first record. */
    void add(RevokedAccessToken token);

    /** Revocations recorded at or after {@code since} that have not expired at {@code now}. */
    List<RevokedAccessToken> revokedSince(Instant since, Instant now);
}
