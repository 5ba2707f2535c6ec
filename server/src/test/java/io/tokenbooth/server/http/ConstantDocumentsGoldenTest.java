package io.tokenbooth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The constant documents (JWKS, discovery at both well-known paths) answer exactly as recorded from the Javalin route
 * path before they moved to a Jetty handler: status line, every header line in order, the body, for each method and
 * request shape, and the request metric's series they leave behind. The recording is
 * {@code src/test/resources/http/constant-documents.golden}; only the {@code Date} value, the key material (the
 * ring's JWKS) and the port are replaced by placeholders. Re-record with {@code -Dtokenbooth.record-golden=true}
 * only on purpose (and say why in the commit). H2 only.
 */
class ConstantDocumentsGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/http/constant-documents.golden");
    private static final String ALLOWED = "https://app.example.com";
    private static final String SERIES = "tokenbooth_http_requests_seconds_count{";
    private static final Pattern FIRST_PARTY_API = Pattern.compile("(\"tokenbooth_first_party_api\":\\{)([^}]*)}");
    private static final List<String> PATHS = List.of("/.well-known/jwks.json", "/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server");

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("cors.origins", ALLOWED)
            .set("issuer", "https://id.example.test");

    /** One request shape: the request line and header lines after Host, and what the golden file calls it. */
    private record Variant(String name, String method, String suffix, String version, String... headers) {
    }

    private static List<Variant> variants() {
        return List.of(
                new Variant("GET", "GET", "", "HTTP/1.1"),
                new Variant("GET keep-alive", "GET", "", "HTTP/1.1", "-keep-alive", "yes"),
                new Variant("GET HTTP/1.0", "GET", "", "HTTP/1.0"),
                new Variant("GET query", "GET", "?x=1&y=%20z", "HTTP/1.1"),
                new Variant("GET trailing slash", "GET", "/", "HTTP/1.1"),
                new Variant("GET encoded", "GET", "%2F", "HTTP/1.1"),
                new Variant("GET gzip", "GET", "", "HTTP/1.1", "Accept-Encoding", "gzip, deflate, br"),
                new Variant("GET allowed origin", "GET", "", "HTTP/1.1", "Origin", ALLOWED),
                new Variant("GET other origin", "GET", "", "HTTP/1.1", "Origin", "https://evil.example"),
                new Variant("GET json content type", "GET", "", "HTTP/1.1", "Content-Type", "application/json"),
                new Variant("GET multipart", "GET", "", "HTTP/1.1", "Content-Type", "multipart/form-data; boundary=x"),
                new Variant("GET bad charset", "GET", "", "HTTP/1.1", "Content-Type", "text/plain; charset=nope"),
                new Variant("GET if-none-match", "GET", "", "HTTP/1.1", "If-None-Match", "*"),
                new Variant("GET range", "GET", "", "HTTP/1.1", "Range", "bytes=0-9"),
                new Variant("HEAD", "HEAD", "", "HTTP/1.1"),
                new Variant("HEAD allowed origin", "HEAD", "", "HTTP/1.1", "Origin", ALLOWED),
                new Variant("OPTIONS", "OPTIONS", "", "HTTP/1.1"),
                new Variant("OPTIONS preflight no origin", "OPTIONS", "", "HTTP/1.1",
                        "Access-Control-Request-Method", "GET"),
                new Variant("OPTIONS preflight allowed", "OPTIONS", "", "HTTP/1.1", "Origin", ALLOWED,
                        "Access-Control-Request-Method", "GET"),
                new Variant("OPTIONS preflight other", "OPTIONS", "", "HTTP/1.1", "Origin", "https://evil.example",
                        "Access-Control-Request-Method", "GET"),
                new Variant("POST", "POST", "", "HTTP/1.1", "Content-Type", "application/x-www-form-urlencoded",
                        "-body", "a=b"),
                new Variant("PUT", "PUT", "", "HTTP/1.1"),
                new Variant("DELETE", "DELETE", "", "HTTP/1.1"),
                new Variant("invented method", "BREW", "", "HTTP/1.1"));
    }

    @Test
    void constantDocumentsWhenRequestedEveryWayThenAnswerAsRecorded() throws IOException {
        TestServer s = app.server();
        String jwks = new String(s.tokenbooth().services().keys.ring().jwksJson(), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (String path : PATHS) {
            for (Variant v : variants()) {
                String answer = WireExchange.exchange(s.tokenbooth().port(), request(path, v));
                out.append("### ").append(v.name()).append(' ').append(path).append('\n')
                        .append(normalise(answer, jwks, s.tokenbooth().port())).append("\n\n");
            }
        }
        out.append("### metrics\n");
        s.get("/metrics").body().lines().filter(l -> l.startsWith(SERIES))
                .filter(l -> l.contains("/.well-known/") || l.contains("\"unmatched\"")).sorted()
                .forEach(l -> out.append(l).append('\n'));

        if (Boolean.getBoolean("tokenbooth.record-golden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, out.toString());
        }
        assertThat(out.toString()).isEqualTo(Files.readString(GOLDEN));
    }

    private static String request(String path, Variant v) {
        StringBuilder head = new StringBuilder(v.method() + " " + path + v.suffix() + " " + v.version() + "\r\n");
        if (v.version().equals("HTTP/1.1")) {
            head.append("Host: 127.0.0.1\r\n");
        }
        boolean close = true;
        String body = null;
        for (int i = 0; i < v.headers().length; i += 2) {
            switch (v.headers()[i]) {
                case "-keep-alive" -> close = false;
                case "-body" -> body = v.headers()[i + 1];
                default -> head.append(v.headers()[i]).append(": ").append(v.headers()[i + 1]).append("\r\n");
            }
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length()).append("\r\n");
        }
        if (close && v.version().equals("HTTP/1.1")) {
            head.append("Connection: close\r\n");
        }
        return head.append("\r\n").append(body == null ? "" : body).toString();
    }

    /**
     * Replaces what differs between runs: the date, the key material and its length, the port; and puts the members
     * of discovery's {@code tokenbooth_first_party_api} object in name order, since that object is a {@code Map.of},
     * whose iteration order changes from one JVM start to the next (before and after the handler alike).
     */
    private static String normalise(String answer, String jwks, int port) {
        List<String> lines = new ArrayList<>();
        Matcher api = FIRST_PARTY_API.matcher(answer.replace(jwks, "{jwks}"));
        String sorted = api.replaceAll(m -> Matcher.quoteReplacement(m.group(1)
                + String.join(",", java.util.Arrays.stream(m.group(2).split(",")).sorted().toList()) + "}"));
        for (String line : sorted.split("\r\n", -1)) {
            if (line.startsWith("Date: ")) {
                line = "Date: {date}";
            } else if (line.equals("Content-Length: " + jwks.getBytes(StandardCharsets.UTF_8).length)) {
                line = "Content-Length: {jwks length}";
            }
            lines.add(line.replace(":" + port, ":{port}"));
        }
        return String.join("\n", lines);
    }
}
