package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, defect 1: every label of the HTTP request metric comes from a closed set (known methods else OTHER, the
 * route template else {@code unmatched}, a fixed set of statuses), so what a client sends cannot add time series.
 */
class HttpMetricsCardinalityTest {
    private static final String SERIES = "tokenbooth_http_requests_seconds_count{";
    private static final int FLOOD = 1000;

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    @Test
    void metricsWhenThousandsOfInventedMethodsAndUnmatchedPathsThenNumberOfSeriesUnchanged() throws Exception {
        TestServer s = app.server();
        // One of each kind first, so the series they may legitimately create (OTHER, unmatched) exist.
        send(s, "INVENTED", "/api/v1/me");
        send(s, "GET", "/no/such/path");
        send(s, "BREW", "/no/such/path");
        series(s); // the scrape itself is counted once it has been answered
        List<String> before = series(s);

        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = IntStream.range(0, FLOOD).mapToObj(i -> pool.submit(() -> {
                send(s, inventedMethod(), "/api/v1/me");
                send(s, i % 2 == 0 ? "GET" : inventedMethod(), "/unmatched/" + i + "/" + inventedMethod());
            })).<Future<?>>map(f -> f).toList();
            for (Future<?> f : done) {
                f.get();
            }
        }

        List<String> after = series(s);
        assertThat(after).as("series after %d invented methods and %d unmatched paths", FLOOD + FLOOD / 2, FLOOD)
                .hasSameSizeAs(before);
        assertThat(after).allSatisfy(line -> assertThat(line).doesNotContain("/unmatched/").doesNotContain("QX"));
    }

    @Test
    void metricsWhenRouteMatchedThenLabelledByTemplateAndKnownMethod() {
        TestServer s = app.server();
        send(s, "GET", "/admin/api/v1/clients/some-client-" + ThreadLocalRandom.current().nextInt(1000));
        assertThat(series(s)).anySatisfy(line -> assertThat(line).contains("route=\"/admin/api/v1/clients/{clientId}\"")
                .contains("method=\"GET\""));
        assertThat(series(s)).noneSatisfy(line -> assertThat(line).contains("some-client-"));
    }

    private static String inventedMethod() {
        StringBuilder b = new StringBuilder("QX");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            b.append((char) ('A' + r.nextInt(26)));
        }
        return b.toString();
    }

    private static void send(TestServer s, String method, String path) {
        s.send(HttpRequest.newBuilder(URI.create(s.url(path))).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private static List<String> series(TestServer s) {
        TestServer.Response r = s.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        return r.body().lines().filter(l -> l.startsWith(SERIES)).toList();
    }
}
