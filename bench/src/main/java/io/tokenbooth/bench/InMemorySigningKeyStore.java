package io.tokenbooth.bench;

import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.MasterKey;
import io.tokenbooth.server.keys.SigningKeyStore;
import io.tokenbooth.server.keys.StoredKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SigningKeyStore} in memory, so that the benchmarks drive the server's own {@code KeyService} (key
 * generation, sealing under the master key, JWK parsing, signer and verifier construction) without a database.
 */
final class InMemorySigningKeyStore implements SigningKeyStore {
    private final List<StoredKey> keys = new ArrayList<>();

    /** A started {@link KeyService} with one {@code alg} key, sealed under a random master key, on a store like this. */
    static KeyService startedKeyService(String alg, Clock clock, Duration publishGrace) {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        MasterKey masterKey = MasterKey.load(new TokenboothConfig.Database(Path.of("."), Optional.of("jdbc:h2:mem:bench"),
                Optional.empty(), Optional.empty(), 1, Optional.of(Base64.getEncoder().encodeToString(master))));
        KeyService keys = new KeyService(new InMemorySigningKeyStore(), masterKey, clock, () -> publishGrace);
        keys.start(List.of(alg), Duration.ofHours(1), Duration.ofHours(1));
        return keys;
    }

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
    public synchronized String version() {
        return keys.toString();
    }
}
