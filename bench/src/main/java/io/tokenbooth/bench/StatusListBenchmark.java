package io.tokenbooth.bench;

import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.token.status.StatusIndex;
import io.tokenbooth.server.token.status.StatusIndexAllocator;
import io.tokenbooth.server.token.status.StatusListEncoding;
import io.tokenbooth.server.token.status.StatusListTokens;
import io.tokenbooth.server.token.status.StatusListView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Token Status Lists with {@code live} live tokens (issue 7): the issuer's cost of a poll of an unchanged list
 * ({@code pollUnchanged}: what every resource server's one-second poll costs between changes), of a poll right after
 * a bit flip ({@code pollAfterFlip}: re-encode, compress and sign the whole list), and the bare encoding
 * ({@code encode}). The setup prints the size of the list as served. A {@code revoked} share of the tokens is INVALID,
 * spread at random (the worst case for compression).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatusListBenchmark {
    @Param({"1000000"})
    public int live;

    @Param({"0.001", "0.01"})
    public double revoked;

    private KeyService keys;
    private InMemoryStatusListStore store;
    private StatusListView view;
    private StatusListTokens tokens;
    private long listId;
    private byte[] bytes;
    private int flip;

    @Setup(Level.Trial)
    public void setUp() {
        Clock clock = Clock.systemUTC();
        keys = InMemorySigningKeyStore.startedKeyService("ES256", clock, Duration.ofMinutes(11));
        store = new InMemoryStatusListStore();
        StatusIndexAllocator allocator = new StatusIndexAllocator(store, clock,
                new StatusIndexAllocator.Settings(Duration.ofDays(1), 1024, live), () -> Duration.ofHours(1));
        Instant exp = clock.instant().plusSeconds(600);
        List<StatusIndex> all = new ArrayList<>(live);
        for (int i = 0; i < live; i++) {
            all.add(allocator.next(exp));
        }
        listId = all.get(0).listId();
        SplittableRandom random = new SplittableRandom(7);
        List<StatusIndex> invalid = new ArrayList<>();
        for (StatusIndex i : all) {
            if (random.nextDouble() < revoked) {
                invalid.add(i);
            }
        }
        store.invalidate(invalid);
        view = new StatusListView(store);
        view.refresh();
        tokens = new StatusListTokens(view, keys, clock, "https://auth.example.com", "ES256");
        bytes = view.list(listId).orElseThrow().bytes();
        String jwt = tokens.token(listId).orElseThrow().jwt();
        System.out.println();
        System.out.printf("[live=%d revoked=%.3f] %d INVALID; bit array %d bytes; lst %d chars; token %d bytes%n",
                live, revoked, invalid.size(), bytes.length, StatusListEncoding.lst(bytes).length(), jwt.length());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        keys.close();
    }

    @Benchmark
    public String pollUnchanged() {
        return tokens.token(listId).orElseThrow().etag();
    }

    @Benchmark
    public String pollAfterFlip() {
        store.invalidate(List.of(new StatusIndex(listId, flip++ % live)));
        view.refresh();
        return tokens.token(listId).orElseThrow().jwt();
    }

    @Benchmark
    public String encode() {
        return StatusListEncoding.lst(bytes);
    }
}
