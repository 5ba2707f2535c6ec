package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of requests from many distinct sources (X-Forwarded-For, trusted here so the test can name them) never
 * resets another source's exhausted bucket (checklist items 20 and 24: bounded memory, without forgetting live
 * limits). The buckets live in memory, so H2 only.
 */
class RateLimitFloodTest {
    /** More distinct sources than the limiter keeps, so a limiter that forgets everything when full would forget. */
    private static final int FLOOD = 110_000;
    /** No refresh_token: answered 400 after the bucket and before any database work, so the flood is cheap. */
    private static final String BODY = "{}";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2()
            .set("http.trust-forwarded-for", "true")
            .set("rate-limit.refresh-per-ip", "3");

    private static TestServer.Response refresh(String source) {
        return app.server().postJson("/api/v1/refresh", BODY, "X-Forwarded-For", source);
    }

    @Test
    void refreshWhenFloodOfDistinctAddressesThenAnExhaustedAddressStays429() throws Exception {
        for (int i = 0; i < 3; i++) {
            Answers.assertError(refresh("198.51.100.77"), 400, "invalid_request");
        }
        Answers.assertError(refresh("198.51.100.77"), 429, null);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore inFlight = new Semaphore(64);
        AtomicInteger answered400 = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        URI uri = URI.create(app.server().url("/api/v1/refresh"));
        for (int i = 0; i < FLOOD; i++) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
                    .build();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.release();
                if (r != null && r.statusCode() == 400) {
                    answered400.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        assertThat(answered400).as("every flooding address is a fresh one").hasValue(FLOOD);

        TestServer.Response after = refresh("198.51.100.77");
        Answers.assertError(after, 429, null);
        assertThat(Long.parseLong(after.header("Retry-After").orElseThrow())).isGreaterThanOrEqualTo(1);
    }
}
