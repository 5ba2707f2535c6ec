package io.tokenbooth.server.keys;

import java.time.Instant;
import java.util.List;

/** Storage of signing keys. Implementations are thread-safe; each method is one transaction. */
public interface SigningKeyStore {

    /** Every stored key, oldest first. */
    List<StoredKey> all();

    /**
     * Adds {@code key} and retires, at {@code key.activatesAt()}, every other unretired key of the same algorithm,
     * atomically: there is never a moment with two keys of one algorithm both active and unretired. Of two rotations
     * of one algorithm at the same instant, one may fail rather than leave two unretired keys.
     */
    void insertAndRetireOthers(StoredKey key);

    /**
     * Adds {@code key} only if no unretired key of its algorithm exists; returns whether it was added. Atomic: of two
     * nodes starting at the same instant exactly one adds its key, and the other gets {@code false} (the database
     * holds at most one unretired key per algorithm).
     */
    boolean insertIfNoneActive(StoredKey key);

    /**
     * A value that changes whenever a key is added, retired or deleted, on any node: cheaper to read than
     * {@link #all()} (no key material), so nodes can poll it often.
     */
    String version();
}
