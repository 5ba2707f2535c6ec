package io.tokenbooth.server.oauth.client;

import io.tokenbooth.server.client.ClientService;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web origins of all registered clients (RFC 7591 has no such field; ours is {@code web_origins}), for CORS on the
 * OAuth endpoints browsers call (checklist item 17). Re-read at most every {@value #TTL_MILLIS} ms, and at once after
 * a change made on this node; while the database is unreachable the last known set stays. Thread-safe.
 */
public final class RegisteredWebOrigins implements Supplier<Set<String>> {
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredWebOrigins.class);
    private static final long TTL_MILLIS = 5_000;

    private final ClientService clients;
    private final CachingClientStore store;
    private volatile Snapshot snapshot = new Snapshot(Set.of(), Long.MIN_VALUE, -1);

    private record Snapshot(Set<String> origins, long loadedAtNanos, long changes) {
    }

    public RegisteredWebOrigins(ClientService clients, CachingClientStore store) {
        this.clients = clients;
        this.store = store;
    }

    @Override
    public Set<String> get() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s.changes() == store.changes() && s.loadedAtNanos() != Long.MIN_VALUE
                && now - s.loadedAtNanos() < TTL_MILLIS * 1_000_000L) {
            return s.origins();
        }
        synchronized (this) {
            s = snapshot;
            if (s.changes() == store.changes() && s.loadedAtNanos() != Long.MIN_VALUE
                    && now - s.loadedAtNanos() < TTL_MILLIS * 1_000_000L) {
                return s.origins();
            }
            long changes = store.changes();
            try {
                snapshot = new Snapshot(Set.copyOf(clients.allWebOrigins()), System.nanoTime(), changes);
            } catch (RuntimeException e) {
                LOG.warn("could not load the clients' web origins, keeping the previous set: {}", e.toString());
                snapshot = new Snapshot(s.origins(), System.nanoTime(), changes);
            }
            return snapshot.origins();
        }
    }
}
