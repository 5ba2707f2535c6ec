package io.tokenbooth.server.keys;

import com.nimbusds.jose.jwk.JWK;
import io.tokenbooth.server.storage.VmShutdown;
import io.tokenbooth.verifier.VerificationKeys;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the signing keys: generates them on first start, rotates them, and keeps every node's in-memory
 * {@link KeyRing} in step with the database by reloading it periodically. Thread-safe.
 */
public final class KeyService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

    private final SigningKeyStore store;
    private final MasterKey masterKey;
    private final Clock clock;
    private final Supplier<Duration> publishGrace;
    private final Map<String, SigningKey> decrypted = new ConcurrentHashMap<>();
    private final java.util.Set<String> undecryptable = ConcurrentHashMap.newKeySet();
    private final AtomicReference<KeyRing> ring = new AtomicReference<>();
    /** {@link SigningKeyStore#version()} as of the loaded ring, and when the ring was loaded. */
    private volatile String loadedVersion = "";
    private volatile Instant loadedAt = Instant.MIN;
    private ScheduledExecutorService reloader;

    /**
     * @param publishGrace how long a retired key stays in the JWKS: the longest lifetime of any token it may have signed
     *                     (access tokens, per-client access tokens, ID tokens) plus clock skew; asked at every reload
     */
    public KeyService(SigningKeyStore store, MasterKey masterKey, Clock clock, Supplier<Duration> publishGrace) {
        this.store = store;
        this.masterKey = masterKey;
        this.clock = clock;
        this.publishGrace = publishGrace;
    }

    /**
     * Makes sure a key exists for each algorithm, loads the ring, and then keeps it in step with the database: every
     * {@code checkInterval} it reads the store's version (no key material) and reloads when another node or the CLI
     * changed the keys, so an emergency rotation stops the old key signing within {@code checkInterval}; and it
     * reloads at least every {@code refreshInterval}, which drops keys whose publish grace has passed. Signing reads
     * only the in-memory ring: no query per token.
     */
    public void start(List<String> algorithms, Duration refreshInterval, Duration checkInterval) {
        List<StoredKey> existing = store.all();
        for (String alg : algorithms) {
            if (existing.stream().anyMatch(k -> k.alg().equals(alg) && k.retiredAt() == null)) {
                continue; // the usual start: keys exist, and generating one (RSA: tens of ms) would be wasted
            }
            Instant now = clock.instant();
            if (store.insertIfNoneActive(seal(KeyGenerator.generate(alg), alg, now, now))) {
                LOG.info("generated the first {} signing key", alg);
            }
        }
        reload();
        reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tokenbooth-key-reload");
            t.setDaemon(true);
            return t;
        });
        reloader.scheduleWithFixedDelay(() -> reloadQuietlyIfStale(refreshInterval), checkInterval.toMillis(),
                checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reloadQuietlyIfStale(Duration refreshInterval) {
        try {
            String version = store.version();
            Instant now = clock.instant();
            if (version.equals(loadedVersion) && now.isBefore(loadedAt.plus(refreshInterval))) {
                return;
            }
            try {
                reload();
            } catch (RuntimeException e) {
                // Try again on the next change or after refreshInterval, not at every check: one warning, not a flood.
                loadedVersion = version;
                loadedAt = now;
                throw e;
            }
        } catch (RuntimeException e) {
            VmShutdown.warnUnlessStopping(LOG, "could not reload signing keys, keeping the previous set: {}", e);
        }
    }

    /**
     * The published keys as the key source of the one verification path ({@code io.tokenbooth.verifier}): the key
     * with the header's {@code kid}, if it is published now and has the header's algorithm. Reads the current ring
     * on every call, so a reload or an emergency rotation applies to the next token.
     */
    public VerificationKeys verificationKeys() {
        return header -> ring().published(header.getKeyID())
                .filter(k -> k.alg().equals(header.getAlgorithm().getName()))
                .map(k -> List.of(k.verificationKey()))
                .orElse(List.of());
    }

    /** The current key snapshot. */
    public KeyRing ring() {
        KeyRing r = ring.get();
        if (r == null) {
            reload();
            r = ring.get();
        }
        return r;
    }

    /**
     * Re-reads the keys from the store. A key that does not decrypt with the master key fails the reload, unless it
     * has been retired (replaced by a newer key): then it is left out of the ring, so its tokens are refused. This
     * lets {@code keys rotate} recover from a lost master key, as docs/operations.md promises.
     */
    public void reload() {
        // Read before the keys: a change in between makes the next check reload again, never miss one.
        String version = store.version();
        Instant now = clock.instant();
        List<SigningKey> keys = new ArrayList<>();
        List<StoredKey> retiredUnopened = new ArrayList<>();
        for (StoredKey stored : store.all()) {
            SigningKey key;
            try {
                key = decrypted.computeIfAbsent(stored.kid(), kid -> open(stored));
            } catch (MasterKey.KeyDecryptionException e) {
                if (stored.retiredAt() == null) {
                    // A wrong master key opens no key at all: say that, not first that a retired key was dropped.
                    throw e;
                }
                retiredUnopened.add(stored);
                continue;
            }
            keys.add(key.withRetiredAt(stored.retiredAt()));
        }
        for (StoredKey stored : retiredUnopened) {
            if (undecryptable.add(stored.kid())) {
                LOG.warn("retired {} signing key {} cannot be decrypted with this master key; it is no longer "
                        + "published and the tokens it signed are refused", stored.alg(), stored.kid());
            }
        }
        ring.set(new KeyRing(keys, now, publishGrace.get()));
        loadedVersion = version;
        loadedAt = now;
    }

    /**
     * Generates a new key for {@code alg}, published at once and used for signing after {@code delay}; the keys it
     * replaces stop signing then and stay published until their tokens have expired.
     */
    public StoredKey rotate(String alg, Duration delay) {
        return rotate(alg, delay, false);
    }

    /**
     * As {@link #rotate(String, Duration)}. Unless {@code force}, it first checks that this node's master key opens every
     * key still in use, so that a node started with the wrong master key cannot store a key nobody else can open and
     * retire the good ones. {@code force} is for recovery after the master key was lost.
     */
    public StoredKey rotate(String alg, Duration delay, boolean force) {
        Instant now = clock.instant();
        if (!force) {
            for (StoredKey stored : store.all()) {
                if (stored.retiredAt() == null || stored.retiredAt().isAfter(now)) {
                    try {
                        masterKey.decrypt(stored.privateJwkSealed(), stored.kid());
                    } catch (MasterKey.KeyDecryptionException e) {
                        throw new MasterKey.KeyDecryptionException("key " + stored.kid() + " in use cannot be decrypted "
                                + "with this master key, so no new key was stored. If the master key is lost, rotate with "
                                + "--force for every algorithm in use (ES256 and RS256 by default)");
                    }
                }
            }
        }
        StoredKey key = seal(KeyGenerator.generate(alg), alg, now, now.plus(delay));
        store.insertAndRetireOthers(key);
        try {
            reload();
        } catch (MasterKey.KeyDecryptionException e) {
            // The rotation is done and stored; what fails is another algorithm's unretired key (e.g. after a lost
            // master key, until that algorithm is rotated too). Report the rotation, not a failure it did not have.
            LOG.warn("new {} key {} stored, but the key set does not load yet: {}", alg, key.kid(), e.getMessage());
        }
        return key;
    }

    public List<StoredKey> list() {
        return store.all();
    }

    public Clock clock() {
        return clock;
    }

    private StoredKey seal(JWK jwk, String alg, Instant createdAt, Instant activatesAt) {
        String sealed = masterKey.encrypt(jwk.toJSONString(), jwk.getKeyID());
        return new StoredKey(jwk.getKeyID(), alg, jwk.toPublicJWK().toJSONString(), sealed, createdAt, activatesAt, null);
    }

    private SigningKey open(StoredKey stored) {
        String json = masterKey.decrypt(stored.privateJwkSealed(), stored.kid());
        try {
            return SigningKey.of(JWK.parse(json), stored.alg(), stored.createdAt(), stored.activatesAt(), stored.retiredAt());
        } catch (ParseException e) {
            throw new IllegalStateException("stored key " + stored.kid() + " is not a JWK", e);
        }
    }

    @Override
    public void close() {
        if (reloader != null) {
            // No interrupt (an interrupted H2 file read can close the store's channel); later runs are cancelled, and
            // a reload in flight finishes before the caller closes the database under it (it logged a
            // "database is already closed" warning on a stop that raced it).
            reloader.shutdown();
            try {
                reloader.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
