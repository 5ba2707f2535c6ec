package io.tokenbooth.server.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /metrics} in the Prometheus text format: JVM metrics and a request timer per route and status
 * ({@code tokenbooth_http_requests_seconds}). Every label comes from a closed set ({@link HttpMetricLabels}), so the
 * number of series is bounded whatever clients send.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final String START = "tokenbooth.start";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /**
     * The request timers by their labels: a registry lookup builds a meter id and sorts its tags on every request
     * (issue 11 profiles). Bounded like the series themselves, since every label comes from a closed set.
     */
    private final Map<Labels, Timer> timers = new ConcurrentHashMap<>();

    private record Labels(String method, String route, String status) {
    }

    /**
     * Whether the JVM's gauges are bound. Memory, threads and processor are gauges, read only when scraped, so they
     * are bound by the first scrape rather than at start (issue 11: ~5 % of a one-core start's main-thread time,
     * docs/performance.md, "Issue 11, night"); no value is lost by it. The GC binder stays at start: its counters
     * listen to every collection, and one bound later would miss the start's.
     */
    private volatile boolean gaugesBound;

    public MetricsEndpoint() {
        gc.bindTo(registry);
    }

    private void bindGauges() {
        if (gaugesBound) {
            return;
        }
        synchronized (this) {
            if (!gaugesBound) {
                new JvmMemoryMetrics().bindTo(registry);
                new JvmThreadMetrics().bindTo(registry);
                new ProcessorMetrics().bindTo(registry);
                gaugesBound = true;
            }
        }
    }

    public void before(Context ctx) {
        ctx.attribute(START, System.nanoTime());
    }

    public void after(Context ctx) {
        Long start = ctx.attribute(START);
        if (start == null) {
            return;
        }
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        record(ctx.method().name(), endpoint == null ? null : endpoint.path, ctx.statusCode(), start);
    }

    /**
     * Counts one answered request under the same labels as {@link #after}, for answers given before Javalin runs
     * ({@code ConstantDocumentHandler}).
     *
     * @param route the route template ({@code null}: unmatched)
     * @param startNanos {@link System#nanoTime()} when the request reached the server's code
     */
    public void record(String method, String route, int status, long startNanos) {
        Labels labels = new Labels(HttpMetricLabels.method(method), HttpMetricLabels.route(route),
                HttpMetricLabels.status(status));
        timers.computeIfAbsent(labels, this::timer).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Labels labels) {
        return Timer.builder("tokenbooth.http.requests").tag("method", labels.method()).tag("route", labels.route())
                .tag("status", labels.status()).register(registry);
    }

    public void handle(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        bindGauges();
        ctx.result(registry.scrape());
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
