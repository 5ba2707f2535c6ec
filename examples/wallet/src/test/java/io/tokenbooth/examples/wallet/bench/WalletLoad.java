package io.tokenbooth.examples.wallet.bench;

import io.tokenbooth.examples.wallet.testing.FakeIssuer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load benchmark of the wallet (not a test; run by examples/wallet/bench/run-load.sh): starts a fake issuer here, the
 * wallet's jar in another process pinned to one core ({@code taskset}, {@code -XX:ActiveProcessorCount=1}) on a fresh
 * H2 folder, then {@code concurrency} client threads post deposits (each with a fresh Idempotency-Key, for one of
 * {@code users} users whose tokens are minted once and reused, as a client reuses its access token) for
 * {@code warmup} seconds, then {@code duration} seconds measured. Prints requests per second and latency percentiles.
 * Arguments: jar serverCpu concurrency users warmupSeconds durationSeconds.
 */
public final class WalletLoad {
    private WalletLoad() {
    }

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        String serverCpu = args[1];
        int concurrency = Integer.parseInt(args[2]);
        int users = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int duration = Integer.parseInt(args[5]);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String audience = "http://127.0.0.1:" + port;
        Path data = Files.createTempDirectory("wallet-bench-");
        try (FakeIssuer issuer = FakeIssuer.start()) {
            List<String> command = new ArrayList<>(List.of("taskset", "-c", serverCpu,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx128m", "-jar", jar,
                    "--port", String.valueOf(port), "--issuer", issuer.issuer(), "--data", data.toString()));
            Process wallet = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(data.resolve("wallet.log").toFile()).start();
            try {
                run(issuer, audience, port, concurrency, users, warmup, duration);
            } finally {
                wallet.destroy();
                wallet.waitFor();
            }
        }
    }

    private static void run(FakeIssuer issuer, String audience, int port, int concurrency, int users, int warmup,
                            int duration) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + port;
        awaitReady(http, base);
        String[] tokens = new String[users];
        for (int i = 0; i < users; i++) {
            tokens[i] = issuer.token("bench-user-" + i, audience, "wallet:read wallet:write",
                    c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))));
        }
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int me = t;
            latencies[me] = new long[1 << 20];
            threads.add(Thread.ofPlatform().start(() -> {
                int n = me;
                while (!stop.get()) {
                    String token = tokens[n++ % tokens.length];
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/wallet/deposits"))
                            .header("Authorization", "Bearer " + token)
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"amount\": 1000}")).build();
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException | InterruptedException e) {
                        status = -1;
                    }
                    long took = System.nanoTime() - start;
                    if (measuring.get()) {
                        if (status == 201) {
                            ok.increment();
                            if (counts[me] < latencies[me].length) {
                                latencies[me][counts[me]++] = took;
                            }
                        } else {
                            failed.increment();
                        }
                    }
                }
            }));
        }
        Thread.sleep(warmup * 1000L);
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(duration * 1000L);
        measuring.set(false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        System.out.printf("wallet deposits (H2, verifier in the path, wallet on one core): %d threads, %d users%n",
                concurrency, users);
        System.out.printf("  %.0f requests/s (201), %d failed, over %.1f s after %d s warm-up%n",
                ok.sum() / seconds, failed.sum(), seconds, warmup);
        System.out.printf("  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", pct(all, 0.50), pct(all, 0.90),
                pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static void awaitReady(HttpClient http, String base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/config.json")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the wallet did not start within 60 s");
    }
}
