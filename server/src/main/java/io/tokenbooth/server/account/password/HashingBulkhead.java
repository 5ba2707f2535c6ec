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

/**
 * Bounds the CPU and memory spent on password hashing (the bulkhead pattern): at most {@code threads} computations run
 * at once on dedicated platform daemon threads named {@code tokenbooth-hash-N}, at most {@code queue} more wait, and
 * any further request fails at once with {@link Saturated} instead of piling up (the HTTP layer answers 503 with
 * Retry-After). Callers, typically virtual threads, block until their work is done.
 *
 * <p>Thread safety: safe for concurrent use.
 */
public final class HashingBulkhead implements AutoCloseable {
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
