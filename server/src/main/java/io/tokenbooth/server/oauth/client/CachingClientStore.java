package io.tokenbooth.server.oauth.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ClientStore} that remembers found clients for {@value #TTL_MILLIS} ms, so that the token, introspection and
 * revocation endpoints authenticate a client without a database query on every request (the client_credentials and
 * introspection throughput targets). Changes made through this store (admin API) take effect on this node at once;
 * changes made elsewhere (another node, the CLI) within {@value #TTL_MILLIS} ms. Unknown ids are not remembered, so a
 * new client works at once everywhere. Memory is bounded at {@value #MAX_ENTRIES} clients by Caffeine's
 * frequency-aware eviction (W-TinyLFU), so a sweep over many clients displaces the least used ones, never the whole
 * cache (issue 6). Freshness is checked by hand on each hit, not by Caffeine's per-entry expiry, which costs more than
 * the lookup (as in {@code AccessTokenVerifier}). Thread-safe.
 */
public final class CachingClientStore implements ClientStore {
    public static final long TTL_MILLIS = 5_000;
    private static final int MAX_ENTRIES = 10_000;

    private final ClientStore delegate;
    private final Cache<String, Entry> cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final AtomicLong changes = new AtomicLong();

    private record Entry(Client client, long loadedAtNanos) {
    }

    public CachingClientStore(ClientStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<Client> find(String clientId) {
        Entry e = cache.getIfPresent(clientId);
        long now = System.nanoTime();
        if (e != null && now - e.loadedAtNanos() < TTL_MILLIS * 1_000_000L) {
            return Optional.of(e.client());
        }
        long before = changes.get();
        Optional<Client> found = delegate.find(clientId);
        if (found.isPresent() && changes.get() == before) {
            cache.put(clientId, new Entry(found.get(), now));
        } else {
            cache.invalidate(clientId);
        }
        return found;
    }

    @Override
    public void create(Client client) {
        changed(client.clientId());
        delegate.create(client);
        changed(client.clientId());
    }

    @Override
    public List<Client> list() {
        return delegate.list();
    }

    @Override
    public boolean delete(String clientId) {
        try {
            return delegate.delete(clientId);
        } finally {
            changed(clientId);
        }
    }

    @Override
    public boolean updateSecretHash(String clientId, String secretHash, Instant now) {
        try {
            return delegate.updateSecretHash(clientId, secretHash, now);
        } finally {
            changed(clientId);
        }
    }

    /** A counter that grows with every change made through this store (for caches derived from the clients). */
    public long changes() {
        return changes.get();
    }

    private void changed(String clientId) {
        changes.incrementAndGet();
        cache.invalidate(clientId);
    }
}
