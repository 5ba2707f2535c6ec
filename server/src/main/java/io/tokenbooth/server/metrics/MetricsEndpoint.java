package io.tokenbooth.server.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics} in the Prometheus text format: JVM metrics and a request timer per route and status
 * ({@code tokenbooth_http_requests_seconds}). Every label comes from a closed set ({@link HttpMetricLabels}), so the
 * number of series is bounded whatever clients send.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final String START = "tokenbooth.start";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public MetricsEndpoint() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
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
        Timer.builder("tokenbooth.http.requests")
                .tag("method", HttpMetricLabels.method(ctx.method().name()))
                .tag("route", HttpMetricLabels.route(endpoint == null ? null : endpoint.path))
                .tag("status", HttpMetricLabels.status(ctx.statusCode())).register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void handle(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(registry.scrape());
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
