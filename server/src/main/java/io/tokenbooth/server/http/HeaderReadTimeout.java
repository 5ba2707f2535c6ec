package io.tokenbooth.server.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline for the request head (request line and header fields, RFC 9112 §2.1), counted from its first byte.
 * Jetty's idle timeout restarts with every byte, so a client sending one header line every few seconds ("slowloris")
 * would hold its connection for ever; this closes any HTTP/1.1 connection whose head is still incomplete after
 * {@code timeout}. A sweep over the connector's connections every quarter of the timeout (at most every second, at
 * least every 100 ms) reads each parser's state; it costs nothing per request. Added as a bean of the connector, it
 * starts and stops with it. Thread-safe.
 */
final class HeaderReadTimeout extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderReadTimeout.class);
    private final ServerConnector connector;
    private final long timeoutNanos;
    private final long periodMillis;
    private volatile Scheduler.Task next;

    HeaderReadTimeout(ServerConnector connector, Duration timeout) {
        this.connector = connector;
        this.timeoutNanos = timeout.toNanos();
        this.periodMillis = Math.clamp(timeout.toMillis() / 4, 100, 1000);
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        next = connector.getScheduler().schedule(this::sweep, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                // Jetty's HTTP/1.1 connection is internal API; its parser's state and start time are public.
                if (endPoint.getConnection() instanceof HttpConnection http && headTooSlow(http.getParser())) {
                    LOG.debug("closing {}: request head not complete within the header timeout", endPoint);
                    endPoint.close(new TimeoutException("request head not received in time"));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("header timeout sweep failed", e);
        } finally {
            if (isRunning()) {
                schedule();
            }
        }
    }

    private boolean headTooSlow(HttpParser parser) {
        // Past START the first byte has arrived (and getBeginNanoTime is set); before CONTENT the head is incomplete.
        return !parser.isStart() && parser.inHeaderState() && NanoTime.since(parser.getBeginNanoTime()) > timeoutNanos;
    }
}
