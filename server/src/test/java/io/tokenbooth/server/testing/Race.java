package io.tokenbooth.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one call on several threads released at the same moment, for tests of what must hold under concurrency. */
public final class Race {
    private Race() {
    }

    /** Calls {@code call} on {@code racers} threads at once; returns every result, in thread order. */
    public static <T> List<T> of(int racers, Callable<T> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<T> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
        }
        return results;
    }
}
