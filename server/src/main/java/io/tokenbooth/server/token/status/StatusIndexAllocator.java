package io.tokenbooth.server.token.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Hands out status list indices to this node's access tokens (draft-ietf-oauth-status-list §13.2: never twice). Indices
 * come from a block reserved in the database ({@link StatusListStore#reserve}, one write per {@code blockSize} tokens);
 * within the block a token takes the next index with one atomic increment, so issuing a token costs no database write
 * and no lock. A new block is reserved when the block is used up or its time window has ended, so lists roll over per
 * window. Each block raises its list's expiry bound to the window's end plus the longest token lifetime, and a token
 * that would outlive the bound raises it first (rare: a lifetime made longer since). An index handed out for a token
 * that will never be minted (a refused refresh: the index must exist before the rotation's transaction that records
 * it) is {@link #release given back} and handed out again. Thread-safe.
 */
public final class StatusIndexAllocator {
    private final StatusListStore store;
    private final Clock clock;
    private final Settings settings;
    private final Supplier<Duration> longestLifetime;
    private volatile Current current;

    /**
     * @param window   lists roll over every {@code window} (aligned to the epoch; {@code status-list.window})
     * @param blockSize indices reserved per database write ({@code status-list.block-size})
     * @param capacity indices per list at most ({@code status-list.capacity}); a list keeps the capacity it was
     *                 started with
     */
    public record Settings(Duration window, int blockSize, int capacity) {
        public static final Settings DEFAULT = new Settings(Duration.ofHours(1), 1024, 1 << 20);
    }

    private static final class Current {
        final StatusListStore.Block block;
        final Instant windowStart;
        final Instant windowEnd;
        final AtomicInteger next;
        /** Indices of this block given back unused; at most as many as were handed out and not yet minted. */
        final ConcurrentLinkedQueue<Integer> released = new ConcurrentLinkedQueue<>();
        volatile Instant expiresBound;

        Current(StatusListStore.Block block, Instant windowStart, Instant windowEnd, Instant expiresBound) {
            this.block = block;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.next = new AtomicInteger(block.from());
            this.expiresBound = expiresBound;
        }
    }

    public StatusIndexAllocator(StatusListStore store, Clock clock, Settings settings, Supplier<Duration> longestLifetime) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.longestLifetime = longestLifetime;
    }

    /** A fresh index for a token issued now that expires at {@code expiresAt}. */
    public StatusIndex next(Instant expiresAt) {
        while (true) {
            Current cur = current;
            Instant now = clock.instant();
            if (cur != null && now.isBefore(cur.windowEnd)) {
                Integer back = cur.released.poll();
                int idx = back != null ? back : cur.next.getAndIncrement();
                if (idx < cur.block.to()) {
                    if (expiresAt.isAfter(cur.expiresBound)) {
                        raise(cur, expiresAt);
                    }
                    return new StatusIndex(cur.block.listId(), idx);
                }
            }
            refill(cur, now);
        }
    }

    /**
     * Gives back {@code index}, handed out by {@link #next} for a token that was never minted and whose index was
     * recorded nowhere, so that the next token takes it: the index is then still handed out to one token only. Call it
     * at most once per index. An index of a block this node has left (window ended, block used up) stays unused.
     */
    public void release(StatusIndex index) {
        Current cur = current;
        if (cur != null && cur.block.listId() == index.listId() && index.idx() >= cur.block.from()
                && index.idx() < Math.min(cur.next.get(), cur.block.to())) {
            cur.released.add(index.idx());
        }
    }

    private synchronized void refill(Current seen, Instant now) {
        if (current != seen) {
            return;
        }
        long windowMillis = settings.window().toMillis();
        Instant windowStart = Instant.ofEpochMilli(now.toEpochMilli() / windowMillis * windowMillis);
        Instant windowEnd = windowStart.plus(settings.window());
        Instant bound = windowEnd.plus(longestLifetime.get());
        StatusListStore.Block block = store.reserve(windowStart, now, settings.blockSize(), settings.capacity(), bound);
        current = new Current(block, windowStart, windowEnd, bound);
    }

    private synchronized void raise(Current cur, Instant expiresAt) {
        if (expiresAt.isAfter(cur.expiresBound)) {
            store.raiseExpiryBound(cur.block.listId(), expiresAt);
            cur.expiresBound = expiresAt;
        }
    }
}
