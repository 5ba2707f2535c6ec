package io.tokenbooth.server.token.revocation;

import io.tokenbooth.server.storage.VmShutdown;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens revoked before they expire (RFC 7009 §2, checklist item 15), by {@code jti}. A revocation is written
 * to the database and to this node's memory at once; every node reloads, every {@code oauth.deny-list-refresh}, the
 * revocations recorded since its last reload (with a minute of overlap for commits that land late and for clock
 * differences between nodes), so the other nodes honour it within seconds. {@link #isRevoked} is a lookup in memory:
 * no database access on the paths that verify tokens. Entries live until the token would have expired anyway (plus
 * the verifiers' clock skew) and are then dropped, so memory is bounded by the revocations of one token lifetime;
 * their rows are deleted a day later by {@code storage.Retention}, with every other expired row. Thread-safe.
 */
public final class AccessTokenDenyList implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessTokenDenyList.class);
    private static final Duration OVERLAP = Duration.ofMinutes(1);

    private final RevokedAccessTokenStore store;
    private final Clock clock;
    private final Duration retention;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private Instant watermark = Instant.EPOCH;
    private ScheduledExecutorService reloader;

    /** @param retention how long past its expiry a token may still be accepted: the verifiers' clock skew */
    public AccessTokenDenyList(RevokedAccessTokenStore store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    /** Loads the current revocations, then reloads every {@code interval} in the background. */
    public synchronized void start(Duration interval) {
        reload();
        reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tokenbooth-deny-list-reload");
            t.setDaemon(true);
            return t;
        });
        reloader.scheduleWithFixedDelay(this::reloadQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Revokes the access token {@code jti} until {@code expiresAt}: in the database and, at once, on this node. */
    public void revoke(String jti, Instant expiresAt) {
        Instant now = clock.instant();
        if (expiresAt.plus(retention).isBefore(now)) {
            return;
        }
        store.add(new RevokedAccessToken(jti, now, expiresAt));
        revoked.put(jti, expiresAt);
    }

    /** Whether {@code jti} has been revoked (as of this node's last reload or own revocations). In memory only. */
    public boolean isRevoked(String jti) {
        return jti != null && revoked.containsKey(jti);
    }

    /** Pulls revocations recorded since the last reload and forgets expired ones. */
    public synchronized void reload() {
        Instant now = clock.instant();
        Instant since = (watermark.isBefore(now) ? watermark : now).minus(OVERLAP);
        for (RevokedAccessToken r : store.revokedSince(since.isBefore(Instant.EPOCH) ? Instant.EPOCH : since,
                now.minus(retention))) {
            revoked.put(r.jti(), r.expiresAt());
            if (r.revokedAt().isAfter(watermark)) {
                watermark = r.revokedAt();
            }
        }
        revoked.values().removeIf(expiresAt -> expiresAt.plus(retention).isBefore(now));
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            VmShutdown.warnUnlessStopping(LOG, "could not reload revoked access tokens, keeping the previous set: {}",
                    e);
        }
    }

    /** How many revocations this node holds in memory. */
    public int size() {
        return revoked.size();
    }

    @Override
    public synchronized void close() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }
}
