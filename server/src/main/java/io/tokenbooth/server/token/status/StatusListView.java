package io.tokenbooth.server.token.status;

import io.tokenbooth.server.storage.VmShutdown;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of every live status list: the bit array per list, reloaded from the database when the list's
 * version changes. A background poll ({@link #start}) reads the lists' versions (one small query for all lists) every
 * {@code interval}, so a bit flipped on any node is seen here within that interval; a flip made through this node is
 * seen at once. Lookups ({@link #isInvalid}, {@link #list}) are in memory: introspection and the status list endpoint
 * do no database access per request (an unknown list id: at most one reload per 100 ms per node), and only lists
 * that exist are held (an unknown id is never cached).
 * Thread-safe.
 */
public final class StatusListView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusListView.class);

    /** One list as loaded: its id, version and status bytes (never modified after construction). */
    public record Snapshot(long id, long version, int size, byte[] bytes) {
        public boolean isInvalid(int idx) {
            return idx < size && StatusListEncoding.isInvalid(bytes, idx);
        }
    }

    /**
     * How often a node polls the lists' versions by default ({@code status-list.poll-interval}): a flip on another
     * node is served here within this.
     */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    /**
     * A list another node started a moment ago is not here until the next poll; a request for an unknown id reloads
     * at once, but at most this often, so unknown ids cost the database at most one small query per period.
     */
    static final Duration MISS_RELOAD_EVERY = Duration.ofMillis(100);

    private final StatusListStore store;
    private final java.util.concurrent.atomic.AtomicLong lastMissReload = new java.util.concurrent.atomic.AtomicLong();
    private volatile Map<Long, Snapshot> lists = Map.of();
    private ScheduledExecutorService poller;

    public StatusListView(StatusListStore store) {
        this.store = store;
    }

    /** Loads every list, then polls their versions every {@code interval}. */
    public synchronized void start(Duration interval) {
        refresh();
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tokenbooth-status-lists");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::refreshQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Re-reads the lists' versions and reloads the lists that changed; drops purged lists. */
    public synchronized void refresh() {
        Map<Long, Snapshot> old = lists;
        Map<Long, Snapshot> next = new HashMap<>();
        for (StatusListStore.ListState state : store.lists()) {
            Snapshot s = old.get(state.id());
            if (s == null || s.version() != state.version()) {
                s = load(state);
            }
            next.put(state.id(), s);
        }
        lists = Map.copyOf(next);
    }

    private Snapshot load(StatusListStore.ListState state) {
        byte[] bytes = StatusListEncoding.emptyList(state.size());
        for (int idx : store.invalid(state.id())) {
            if (idx < state.size()) {
                StatusListEncoding.setInvalid(bytes, idx);
            }
        }
        return new Snapshot(state.id(), state.version(), state.size(), bytes);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            VmShutdown.warnUnlessStopping(LOG, "could not reload token status lists, keeping the previous ones: {}", e);
        }
    }

    /** Sets these indices to INVALID in the database and, at once, in this node's copy. */
    public void invalidate(Collection<StatusIndex> indices) {
        store.invalidate(indices);
        refresh();
    }

    /** Whether the token at {@code index} is INVALID as of the last reload; an unknown list (purged) says no. */
    public boolean isInvalid(StatusIndex index) {
        Snapshot s = lists.get(index.listId());
        return s != null && s.isInvalid(index.idx());
    }

    /**
     * The list with this id, if it is live. An id not known here triggers a reload (rate-limited to one per
     * {@link #MISS_RELOAD_EVERY} per node), so a list started on another node is served at once.
     */
    public Optional<Snapshot> list(long id) {
        Snapshot s = lists.get(id);
        if (s == null) {
            long now = System.nanoTime();
            long last = lastMissReload.get();
            if (now - last >= MISS_RELOAD_EVERY.toNanos() && lastMissReload.compareAndSet(last, now)) {
                refreshQuietly();
                s = lists.get(id);
            }
        }
        return Optional.ofNullable(s);
    }

    /** The ids of every live list. */
    public List<Long> ids() {
        return lists.keySet().stream().sorted().toList();
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
