package io.tokenbooth.server.api;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.FirstPartyClient;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The registered APIs as the token paths read them: a snapshot of all of them (at most {@value ApiService#MAX_APIS}),
 * indexed by audience and by scope, reloaded when older than {@value #TTL_MILLIS} ms — the freshness of the client
 * cache ({@code CachingClientStore}). A lookup is a volatile read and a map lookup; one caller reloads a stale snapshot
 * while the others keep using it, so the database sees at most one query per node per {@value #TTL_MILLIS} ms.
 * Changes made through {@link ApiService} on this node take effect at once; changes made elsewhere (another node, the
 * CLI) within {@value #TTL_MILLIS} ms. Also the one place of the rules that tie clients' requests to APIs
 * (docs/decisions.md "Issue 7: API registry"). Thread-safe.
 */
public final class RegisteredApis {
    public static final long TTL_MILLIS = 5_000;

    private final ApiStore store;
    private final ReentrantLock loading = new ReentrantLock();
    private final AtomicLong changes = new AtomicLong();
    private volatile Snapshot snapshot;

    /** @param longestTtl the longest lifetime any API registers, computed once per load (refresh reads it) */
    private record Snapshot(Map<String, Api> byAudience, Map<String, Api> byScope, Optional<Duration> longestTtl,
                            long loadedAtNanos) {
    }

    public RegisteredApis(ApiStore store) {
        this.store = store;
    }

    /** No APIs at all, for tests of the token paths that do not need the registry. */
    public static RegisteredApis none() {
        return new RegisteredApis(new ApiStore() {
            public void create(Api api) {
                throw new UnsupportedOperationException();
            }

            public Optional<Api> find(String name) {
                return Optional.empty();
            }

            public List<Api> list() {
                return List.of();
            }

            public boolean delete(String name) {
                return false;
            }
        });
    }

    public Optional<Api> byAudience(String audience) {
        return Optional.ofNullable(current().byAudience().get(audience));
    }

    public Optional<Api> byScope(String scope) {
        return Optional.ofNullable(current().byScope().get(scope));
    }

    /**
     * Whether {@code client} may ask for {@code resource}: one of its own audiences, or a registered API's whose
     * scopes the client holds at least one of. The built-in first-party client may ask for any registered API.
     */
    public boolean mayTarget(Client client, String resource) {
        if (client.audiences().contains(resource)) {
            return true;
        }
        Api api = current().byAudience().get(resource);
        if (api == null) {
            return false;
        }
        return client.clientId().equals(FirstPartyClient.ID) || api.scopes().stream().anyMatch(client.scopes()::contains);
    }

    /**
     * The audience a request without {@code resource} gets from its scopes: the one API that owns any of them, or
     * empty when none does (the client's default then). Scopes of two or more APIs are {@code invalid_target}: a token
     * valid at several APIs could be replayed by one at the other, so the client must name one.
     */
    public Optional<String> audienceOf(Collection<String> scopes) {
        Map<String, Api> byScope = current().byScope();
        if (byScope.isEmpty()) {
            return Optional.empty();
        }
        Set<String> audiences = new LinkedHashSet<>(2);
        for (String s : scopes) {
            Api api = byScope.get(s);
            if (api != null) {
                audiences.add(api.audience());
            }
        }
        if (audiences.size() > 1) {
            throw OAuthException.invalidTarget("the scopes belong to several APIs; ask for one with 'resource'");
        }
        return audiences.stream().findFirst();
    }

    /** The shortest access-token lifetime registered for any of {@code audiences}, if one is. */
    public Optional<Duration> accessTokenTtl(List<String> audiences) {
        Map<String, Api> byAudience = current().byAudience();
        if (byAudience.isEmpty()) {
            return Optional.empty();
        }
        Duration shortest = null;
        for (String a : audiences) {
            Api api = byAudience.get(a);
            if (api != null && api.accessTokenTtl().isPresent()
                    && (shortest == null || api.accessTokenTtl().get().compareTo(shortest) < 0)) {
                shortest = api.accessTokenTtl().get();
            }
        }
        return Optional.ofNullable(shortest);
    }

    /** The longest access-token lifetime of any API (for how long a retired signing key stays published). */
    public Optional<Duration> longestAccessTokenTtl() {
        return current().longestTtl();
    }

    /** Forgets the snapshot: the next lookup reads the store (after a change made on this node). */
    void changed() {
        changes.incrementAndGet();
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s != null && now - s.loadedAtNanos() < TTL_MILLIS * 1_000_000L) {
            return s;
        }
        // One reloader at a time; the others keep the stale snapshot rather than queue behind the database.
        if (s != null && !loading.tryLock()) {
            return s;
        }
        if (s == null) {
            loading.lock();
        }
        try {
            Snapshot again = snapshot;
            if (again != null && again != s && now - again.loadedAtNanos() < TTL_MILLIS * 1_000_000L) {
                return again;
            }
            long before = changes.get();
            Snapshot loaded = load(System.nanoTime());
            if (changes.get() == before) {
                snapshot = loaded;
            }
            return loaded;
        } finally {
            loading.unlock();
        }
    }

    private Snapshot load(long now) {
        Map<String, Api> byAudience = new HashMap<>();
        Map<String, Api> byScope = new HashMap<>();
        Duration longest = null;
        for (Api api : store.list()) {
            byAudience.put(api.audience(), api);
            Duration ttl = api.accessTokenTtl().orElse(null);
            if (ttl != null && (longest == null || ttl.compareTo(longest) > 0)) {
                longest = ttl;
            }
            for (String scope : api.scopes()) {
                byScope.put(scope, api);
            }
        }
        return new Snapshot(Map.copyOf(byAudience), Map.copyOf(byScope), Optional.ofNullable(longest), now);
    }
}
