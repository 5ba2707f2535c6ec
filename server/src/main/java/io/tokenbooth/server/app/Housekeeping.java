package io.tokenbooth.server.app;

import io.tokenbooth.server.storage.Retention;
import io.tokenbooth.server.storage.VmShutdown;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Retention} (every periodic deletion of expired rows) on a background thread: a pass every ten minutes,
 * each bounded by {@link #PASS}. A pass that runs out of its budget leaves the rest of the backlog to another pass
 * {@link #BACKLOG_PAUSE} later, so a backlog (a node down for a day, a million seeded rows expiring at once) is
 * drained at most about {@code PASS.time / BACKLOG_PAUSE} of one core at a time instead of holding the core, and the
 * requests it shares it with, until it is gone.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final Duration FIRST = Duration.ofMinutes(1);
    private static final Duration EVERY = Duration.ofMinutes(10);
    /**
     * One pass: at most 40 batches (200,000 rows) and no new batch after 2 s. A batch of 5,000 rows took 0.1–0.7 s
     * at a million rows (docs/performance.md, "Scale of data"), so a pass holds the core for 2–3 s at most.
     */
    static final Retention.Budget PASS = new Retention.Budget(40, Duration.ofSeconds(2));
    /**
     * The pause after a pass that ran out of budget: with {@link #PASS} about a tenth of one core while a backlog
     * lasts, which still drains 5,000 to 200,000 rows per 20 s, more than a million live access tokens expire at
     * (about 300 per second).
     */
    static final Duration BACKLOG_PAUSE = Duration.ofSeconds(20);

    private final Retention retention;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tokenbooth-housekeeping");
        t.setDaemon(true);
        return t;
    });

    Housekeeping(Retention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    void start() {
        schedule(FIRST);
    }

    private void schedule(Duration delay) {
        try {
            scheduler.schedule(() -> schedule(runQuietly() ? EVERY : BACKLOG_PAUSE), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // Closed meanwhile: no further pass.
        }
    }

    /** One bounded pass; true when it finished (or failed: retried at the usual interval), false when budget ran out. */
    boolean runQuietly() {
        try {
            Retention.Pass pass = retention.purge(clock.instant(), PASS);
            LOG.debug("housekeeping deleted {}{}", pass.deleted(), pass.complete() ? "" : ", more left for the next pass");
            return pass.complete();
        } catch (RuntimeException e) {
            VmShutdown.warnUnlessStopping(LOG, "housekeeping failed, will retry: {}", e);
            return true;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
