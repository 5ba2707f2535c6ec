package io.tokenbooth.server.account.password;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the CPU and memory spent on password hashing (the bulkhead pattern): at most {@code threads} computations run
 * at once on dedicated platform daemon threads named {@code tokenbooth-hash-N}, at most {@code queue} more wait, and
 * any further request fails at once with {@link Saturated} instead of piling up (the HTTP layer answers 503 with
 * Retry-After). Callers, typically virtual threads, block until their work is done.
 *
 * <p>Thread safety: safe for concurrent use.
 */
public final class HashingBulkhead implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HashingBulkhead.class);
    /** A 1 KiB Argon2 block on the heap: its {@code long[128]} and the object holding it. */
    private static final long HEAP_BYTES_PER_KIB = 1024 + 48;

    private final ThreadPoolExecutor pool;

    /**
     * @param threads worker threads; 0 means {@link Runtime#availableProcessors()}
     * @param queue work items that may wait for a worker; 0 means none (a {@link SynchronousQueue})
     */
    public HashingBulkhead(int threads, int queue) {
        if (threads < 0 || queue < 0) {
            throw new IllegalArgumentException("threads and queue must not be negative: " + threads + ", " + queue);
        }
        int size = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        this.pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, waiting,
                Thread.ofPlatform().name("tokenbooth-hash-", 1).daemon(true).factory(),
                (work, executor) -> {
                    throw executor.isShutdown() ? new RejectedExecutionException("hashing bulkhead is closed")
                            : new Saturated(size, queue);
                });
    }

    /**
     * The bulkhead for password hashing with {@code memoryKib} of Argon2 memory per computation, sized by
     * {@link #threads} for this JVM's cores and maximum heap.
     */
    public static HashingBulkhead forPasswords(int configuredThreads, int queue, int memoryKib) {
        Runtime runtime = Runtime.getRuntime();
        return new HashingBulkhead(threads(configuredThreads, memoryKib, runtime.availableProcessors(),
                runtime.maxMemory()), queue);
    }

    /**
     * Hashing threads for {@code memoryKib} of Argon2 memory each. Every thread keeps its blocks between
     * computations ({@link Argon2Hash}), so threads × memory is what the heap holds once logins have run at full
     * concurrency; one thread per core on a many-core host with a small heap would end in an {@link OutOfMemoryError}
     * under a login flood, which needs no account. So 0 (the default) means one per core but no more than half the
     * maximum heap holds, and at least one; a configured number is used as given, with a warning when it does not fit.
     */
    static int threads(int configured, int memoryKib, int cores, long maxHeapBytes) {
        long each = Math.max(1, memoryKib) * HEAP_BYTES_PER_KIB;
        int fit = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxHeapBytes / 2 / each));
        if (configured == 0) {
            return Math.min(Math.max(1, cores), fit);
        }
        if (configured > fit) {
            LOG.warn("passwords.hash-threads is {}, but half the maximum heap ({} MiB) holds the Argon2 memory of {}"
                    + " (argon2-memory-kib {}): logins at full concurrency may run out of memory; lower it or raise"
                    + " -Xmx", configured, maxHeapBytes >> 20, fit, memoryKib);
        }
        return configured;
    }

    /**
     * Runs {@code work} on a hashing thread and waits for its result.
     *
     * @throws Saturated at once if all threads are busy and the queue is full
     * @throws RejectedExecutionException if the bulkhead is closed
     * @throws CancellationException if the caller is interrupted while waiting (its interrupt status is kept)
     * @throws CompletionException wrapping a checked exception thrown by {@code work}; unchecked exceptions and errors
     *     propagate as they are
     */
    public <T> T run(Callable<T> work) {
        Future<T> future = pool.submit(work);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for password hashing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CompletionException(cause);
        }
    }

    /** Number of computations running now (approximate). */
    public int active() {
        return pool.getActiveCount();
    }

    /** Number of computations waiting for a thread now. */
    public int queued() {
        return pool.getQueue().size();
    }

    /** Stops accepting work and waits until the accepted work has finished. */
    @Override
    public void close() {
        pool.close();
    }

    /** All hashing threads are busy and the queue is full; retry later. */
    public static final class Saturated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Saturated(int threads, int queue) {
            super("password hashing is saturated (" + threads + " threads, " + queue + " queued)", null, false,
                    false);
        }
    }
}
