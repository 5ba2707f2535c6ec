package io.tokenbooth.server.keys;

import java.time.Instant;
import java.util.List;

/** Storage of signing keys. Implementations are thread-safe; each method is one transaction. */
public interface SigningKeyStore {

    /** Every stored key, oldest first. */
    List<StoredKey> all();

    /**
     * Adds {@code key} and retires, at {@code key.activatesAt()}, every other unretired key of the same algorithm,
     * atomically: there is never a moment with two keys of one algorithm both active and unretired.
     */
    void insertAndRetireOthers(StoredKey key);

    /**
     * Adds {@code key} only if no unretired key of its algorithm exists; returns whether it was added. Two nodes
     * starting at the same instant may both add one; {@link KeyRing} then signs with one of them deterministically.
     */
    boolean insertIfNoneActive(StoredKey key);

    /** Deletes keys retired before {@code cutoff}; returns how many. */
    int deleteRetiredBefore(Instant cutoff);
}
