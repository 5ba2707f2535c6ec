package io.tokenbooth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests to the constant documents in many invented shapes (query strings, suffixes, case, encodings, origins,
 * header values) add no time series to the request metric beyond one per kind of answer: the handler in front of
 * Javalin labels only its own fixed paths, and keeps nothing per request. H2 only.
 */
class ConstantDocumentsAbuseTest {
    private static final String SERIES = "tokenbooth_http_requests_seconds_count{";
    private static final int FLOOD = 300;
    private static final List<String> PATHS = List.of("/.well-known/jwks.json", "/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server");

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("cors.origins", "https://app.example.com");

    @Test
    void constantDocumentsWhenRequestedInThousandsOfShapesThenNoNewSeries() throws IOException {
        TestServer s = app.server();
        for (int i = 0; i < 6; i++) { // each path with GET and HEAD first: the series they may legitimately create exist
            flood(s, i);
        }
        s.get("/metrics");
        List<String> before = series(s);

        for (int i = 0; i < FLOOD; i++) {
            flood(s, i);
        }

        List<String> after = series(s);
        assertThat(after).hasSameSizeAs(before);
        assertThat(after).allSatisfy(line -> assertThat(line).doesNotContain("QX").doesNotContain("?"));
    }

    private static void flood(TestServer s, int i) throws IOException {
        String path = PATHS.get(i % PATHS.size());
        String junk = invented();
        String[] targets = {path + "?" + junk + "=" + i, path + "/" + junk, path + "%2F" + junk,
                path.toUpperCase(java.util.Locale.ROOT), path + ";" + junk, "/.well-known/" + junk};
        for (String target : targets) {
            send(s, i % 2 == 0 ? "GET" : "HEAD", target, "Origin: https://" + junk + ".example\r\nAccept-Encoding: "
                    + junk + "\r\nX-" + junk + ": " + junk + "\r\n");
        }
        send(s, "GET", path, "Origin: https://" + junk + ".example\r\n");
        send(s, "HEAD", path, "Accept: " + junk + "\r\n");
    }

    private static void send(TestServer s, String method, String target, String headers) throws IOException {
        String answer = WireExchange.exchange(s.tokenbooth().port(), method + " " + target
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 ");
    }

    private static String invented() {
        return "QX" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    private static List<String> series(TestServer s) {
        return s.get("/metrics").body().lines().filter(l -> l.startsWith(SERIES)).map(l -> l.substring(0, l.indexOf('}')))
                .toList();
    }
}
