package io.tokenbooth.server.app;

import io.tokenbooth.server.storage.Retention;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link Retention} (every periodic deletion of expired rows) every ten minutes, on a background thread. */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final Duration EVERY = Duration.ofMinutes(10);

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
        scheduler.scheduleWithFixedDelay(this::runQuietly, 1, EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    void runQuietly() {
        try {
            Map<String, Integer> deleted = retention.purge(clock.instant());
            LOG.debug("housekeeping deleted {}", deleted);
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed, will retry: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
