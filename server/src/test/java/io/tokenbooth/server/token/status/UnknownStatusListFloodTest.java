package io.tokenbooth.server.token.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of requests for status lists that do not exist (issue 7): every one is a 404, nothing is kept per id, and
 * the database sees at most one reload of the list of lists per {@link StatusListView#MISS_RELOAD_EVERY} however many
 * ids arrive at once. The view and the token cache run here on the real {@link JdbcStatusListStore}, counted by a
 * wrapper that only counts.
 */
class UnknownStatusListFloodTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    /** The real store, counting how often the list of lists is read. */
    private static final class CountingStore implements StatusListStore {
        final StatusListStore store;
        final AtomicInteger listReads = new AtomicInteger();

        CountingStore(StatusListStore store) {
            this.store = store;
        }

        @Override
        public Block reserve(Instant windowStart, Instant now, int blockSize, int capacity, Instant expiresBound) {
            return store.reserve(windowStart, now, blockSize, capacity, expiresBound);
        }

        @Override
        public void raiseExpiryBound(long listId, Instant expiresBound) {
            store.raiseExpiryBound(listId, expiresBound);
        }

        @Override
        public List<ListState> lists() {
            listReads.incrementAndGet();
            return store.lists();
        }

        @Override
        public int[] invalid(long listId) {
            return store.invalid(listId);
        }

        @Override
        public void invalidate(Collection<StatusIndex> indices) {
            store.invalidate(indices);
        }
    }

    @Test
    void listWhenFloodedWithRandomUnknownIdsThenReloadsAreRateLimitedAndNothingIsKeptPerId() throws Exception {
        var services = app.server().tokenbooth().services();
        CountingStore store = new CountingStore(new JdbcStatusListStore(services.database));
        StatusListView view = new StatusListView(store);
        view.refresh();
        StatusListTokens tokens = new StatusListTokens(view, services.keys, java.time.Clock.systemUTC(),
                app.server().issuer(), "ES256");
        int readsBefore = store.listReads.get();
        int lists = view.ids().size();

        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<Integer>> found = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                found.add(pool.submit(() -> {
                    int hits = 0;
                    for (int i = 0; i < perThread; i++) {
                        long id = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 1000);
                        hits += tokens.token(id).isPresent() ? 1 : 0;
                    }
                    return hits;
                }));
            }
            for (Future<Integer> f : found) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        int reads = store.listReads.get() - readsBefore;
        long allowed = elapsedMillis / StatusListView.MISS_RELOAD_EVERY.toMillis() + 1;
        assertThat(reads).as("%d unknown ids in %d ms", threads * perThread, elapsedMillis)
                .isPositive().isLessThanOrEqualTo((int) allowed);
        assertThat(view.ids()).hasSize(lists);
        assertThat(tokens.cachedLists()).as("signed tokens kept: none for an unknown id").isZero();

        // The same through HTTP: 404, no-store, and the node's view unchanged.
        TestServer server = app.server();
        int served = services.statusLists.ids().size();
        for (int i = 0; i < 200; i++) {
            TestServer.Response r = server.get("/statuslists/" + ThreadLocalRandom.current().nextLong(1_000_000_000L,
                    Long.MAX_VALUE / 1000));
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.header("Cache-Control")).hasValue("no-store");
        }
        assertThat(services.statusLists.ids()).hasSize(served);
    }
}
