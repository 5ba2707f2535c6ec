package io.tokenbooth.examples.wallet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenbooth.server.app.Tokenbooth;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.testing.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Revocation-to-refusal latency (not a test; run by examples/wallet/bench/run-revocation.sh): a real Tokenbooth here
 * (H2 file, system clock), the wallet's jar in another process with its default 1-second status poll; then
 * {@code n} times: log in through {@code POST /api/v1/login} for the wallet's audience, see {@code GET /wallet} 200,
 * log out ({@code POST /api/v1/logout}) and poll the wallet every 5 ms until it answers 401; the time from the logout's
 * answer to the first 401 is one sample. Logouts are spread over the poll phase by a random pause first. Prints p50,
 * p90, p99 and max. Arguments: walletJar n.
 */
public final class RevocationLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RevocationLatency() {
    }

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int n = Integer.parseInt(args[1]);
        TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
        Map<String, String> settings = new HashMap<>(db.settings());
        settings.putAll(Map.of("port", "0", "passwords.argon2-memory-kib", "1024", "passwords.argon2-iterations", "1",
                "rate-limit.login-per-ip", "0", "rate-limit.refresh-per-ip", "0", "rate-limit.signup-per-ip", "0"));
        Tokenbooth tb = Tokenbooth.start(ConfigLoader.load(settings, Map.of(), Optional.empty()), Clock.systemUTC());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String wallet = "http://127.0.0.1:" + port;
        tb.services().apis.register("wallet", wallet, List.of("wallet:read", "wallet:write"), Optional.empty());
        Path data = Files.createTempDirectory("wallet-revocation-bench-");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx128m", "-jar", jar, "--port", String.valueOf(port), "--issuer", tb.issuer(),
                "--data", data.toString()).redirectErrorStream(true).redirectOutput(data.resolve("wallet.log").toFile())
                .start();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (status(get(wallet + "/config.json", null)) != 200 && System.nanoTime() < until) {
                pause(100);
            }
            post(tb.issuer() + "/api/v1/signup", Map.of("username", "bench", "password", "amber-quarry-lantern-83"));
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                Map<?, ?> t = JSON.readValue(post(tb.issuer() + "/api/v1/login", Map.of("username", "bench",
                        "password", "amber-quarry-lantern-83", "scope", "wallet:read", "resource", wallet)).body(), Map.class);
                String access = (String) t.get("access_token");
                if (status(get(wallet + "/wallet", access)) != 200) {
                    throw new IllegalStateException("the wallet refused a fresh token");
                }
                pause((long) (Math.random() * 1000));
                post(tb.issuer() + "/api/v1/logout", Map.of("refresh_token", t.get("refresh_token")));
                long revoked = System.nanoTime();
                while (status(get(wallet + "/wallet", access)) != 401) {
                    pause(5);
                }
                ms[i] = (System.nanoTime() - revoked) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("revocation to refusal over %d logouts: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    n, pct(ms, 50), pct(ms, 90), pct(ms, 99), ms[n - 1]);
        } finally {
            p.destroy();
            p.waitFor();
            tb.close();
            db.close();
        }
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static int status(HttpResponse<String> r) {
        return r == null ? -1 : r.statusCode();
    }

    private static HttpResponse<String> get(String uri, String bearer) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException notYet) {
            return null;
        }
    }

    private static HttpResponse<String> post(String uri, Map<String, ?> body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }
}
