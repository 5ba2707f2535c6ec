package io.tokenbooth.bench;

import io.tokenbooth.server.keys.SigningKeyStore;
import io.tokenbooth.server.keys.StoredKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SigningKeyStore} in memory, so that the benchmarks drive the server's own {@code KeyService} (key
 * generation, sealing under the master key, JWK parsing, signer and verifier construction) without a database.
 */
final class InMemorySigningKeyStore implements SigningKeyStore {
    private final List<StoredKey> keys = new ArrayList<>();

    @Override
    public synchronized List<StoredKey> all() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized void insertAndRetireOthers(StoredKey key) {
        keys.replaceAll(k -> k.alg().equals(key.alg()) && k.retiredAt() == null
                ? new StoredKey(k.kid(), k.alg(), k.publicJwk(), k.privateJwkSealed(), k.createdAt(), k.activatesAt(),
                        key.activatesAt())
                : k);
        keys.add(key);
    }

    @Override
    public synchronized boolean insertIfNoneActive(StoredKey key) {
        if (keys.stream().anyMatch(k -> k.alg().equals(key.alg()) && k.retiredAt() == null)) {
            return false;
        }
        keys.add(key);
        return true;
    }

    @Override
    public synchronized int deleteRetiredBefore(Instant cutoff) {
        int before = keys.size();
        keys.removeIf(k -> k.retiredAt() != null && k.retiredAt().isBefore(cutoff));
        return before - keys.size();
    }
}
