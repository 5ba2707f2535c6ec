package io.tokenbooth.bench;

import io.tokenbooth.server.account.password.PasswordHasher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Load generator for a running Tokenbooth server (loopback only), plus the in-process Argon2id baseline.
 *
 * <p>Scenarios: {@code login} (POST /api/v1/login, users signed up first), {@code refresh} (POST /api/v1/refresh on
 * a pool of refresh-token chains, always the newest token of each), {@code jwks} (GET /.well-known/jwks.json),
 * {@code me} (GET /api/v1/me with a bearer access token), {@code client-credentials} (POST /oauth2/token, a fresh
 * client_credentials grant per request with HTTP Basic client authentication), {@code introspect} (POST
 * /oauth2/introspect, RFC 7662, of a pool of distinct access tokens obtained beforehand, round-robin; the answer must
 * say {@code "active": true}), and {@code hash-baseline}: the server's
 * {@link PasswordHasher#verify} in this JVM, on as many threads as {@code --concurrency}, for the same warm-up and
 * duration — the bare Argon2id rate a password login is compared with.
 *
 * <p>Prints requests/s, p50/p90/p99/max latency, the number of non-2xx answers and of errors, and, with
 * {@code --server-pid}, the server's CPU time over the measured window; the last line is
 * {@code RESULT key=value ...} for scripts. See {@link LoadOptions#USAGE}.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (LoadOptions.UsageException | IllegalArgumentException e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println(LoadOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        // Hard stop: whatever happens, this process ends.
        long limitSeconds = options.warmupSeconds() + options.durationSeconds()
                + Scenarios.PREPARE_LIMIT.toSeconds() + 60;
        Thread watchdog = Thread.ofPlatform().daemon().name("watchdog").start(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(limitSeconds));
                System.err.println("error: the load generator ran past its " + limitSeconds + " s limit; exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // finished in time
            }
        });
        int code;
        try {
            code = options.scenario().equals("hash-baseline") ? hashBaseline(options) : http(options);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            code = 1;
        }
        watchdog.interrupt();
        System.out.flush();
        System.exit(code);
    }

    private static int http(LoadOptions o) throws IOException {
        System.out.printf(Locale.ROOT, "tokenbooth load: scenario=%s url=%s concurrency=%d warmup=%ds duration=%ds%n",
                o.scenario(), o.url(), o.concurrency(), o.warmupSeconds(), o.durationSeconds());
        Scenarios scenarios = new Scenarios(o);
        Scenarios.Prepared prepared = scenarios.prepare();
        System.out.println("  prepared: " + prepared.description());
        HttpLoad load = new HttpLoad(new InetSocketAddress(o.url().getHost(), o.port()), o.concurrency(),
                TimeUnit.SECONDS.toNanos(o.timeoutSeconds()), o.maxRequests(), prepared.sessions());
        Cpu cpu = new Cpu(o.serverPid());
        // The CPU window (and the JFR recording, if asked for) must match the measured window: start them when the
        // warm-up ends.
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(o.warmupSeconds()));
                cpu.start();
                o.jfr().ifPresent(file -> jcmd(o.serverPid().getAsLong(), "JFR.start", "name=tokenbooth-load",
                        "settings=profile", "jdk.ExecutionSample#period=" + o.jfrPeriodMillis() + "ms",
                        "jdk.CPUTimeSample#enabled=true", "jdk.CPUTimeSample#throttle=" + o.jfrPeriodMillis() + "ms",
                        "filename=" + file.toAbsolutePath()));
                Thread.sleep(TimeUnit.SECONDS.toMillis(o.durationSeconds()));
                cpu.stop();
            } catch (InterruptedException ignored) {
                cpu.stop();
            }
        });
        HttpLoad.Outcome out = load.run(TimeUnit.SECONDS.toNanos(o.warmupSeconds()),
                TimeUnit.SECONDS.toNanos(o.durationSeconds()));
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        o.jfr().ifPresent(file -> {
            jcmd(o.serverPid().getAsLong(), "JFR.stop", "name=tokenbooth-load");
            System.out.println("  jfr: server recording of the measured window in " + file);
        });
        List<String> notes = new ArrayList<>(out.notes());
        String after = prepared.after().get();
        if (after != null) {
            notes.add(after);
        }
        if (out.connectionsLeft() < o.concurrency()) {
            notes.add((o.concurrency() - out.connectionsLeft()) + " of " + o.concurrency()
                    + " connections ran out of sessions");
        }
        if (out.warmupNon2xx() > 0 || out.warmupErrors() > 0) {
            notes.add("during warm-up: " + out.warmupNon2xx() + " non-2xx, " + out.warmupErrors() + " errors");
        }
        report(o, out.requests(), out.seconds(), out.non2xx(), out.errors(), out.latencyNanos(), out.statuses(), cpu,
                notes);
        return 0;
    }

    /** Runs this JDK's jcmd against {@code pid} (bounded: 30 s). */
    private static void jcmd(long pid, String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                System.err.println("warning: " + String.join(" ", cmd) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            System.err.println("warning: cannot run jcmd: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int hashBaseline(LoadOptions o) throws InterruptedException {
        System.out.printf(Locale.ROOT, "tokenbooth load: scenario=hash-baseline argon2id m=%d t=%d p=%d threads=%d "
                        + "warmup=%ds duration=%ds (in process, %d CPUs available)%n",
                o.argon2MemoryKib(), o.argon2Iterations(), o.argon2Parallelism(), o.concurrency(), o.warmupSeconds(),
                o.durationSeconds(), Runtime.getRuntime().availableProcessors());
        PasswordHasher hasher = new PasswordHasher(o.argon2MemoryKib(), o.argon2Iterations(), o.argon2Parallelism());
        String password = "load test baseline password";
        String stored = hasher.hash(password);
        if (!hasher.verify(password, stored)) {
            throw new IllegalStateException("the baseline hash does not verify");
        }
        long start = System.nanoTime();
        long measureStart = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        long measureEnd = measureStart + TimeUnit.SECONDS.toNanos(o.durationSeconds());
        AtomicLong total = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        long[] counts = new long[o.concurrency()];
        CountDownLatch done = new CountDownLatch(o.concurrency());
        Cpu cpu = new Cpu(OptionalLong.of(ProcessHandle.current().pid()));
        for (int i = 0; i < o.concurrency(); i++) {
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
            histograms.add(h);
            int index = i;
            Thread.ofPlatform().daemon().name("argon2-" + i).start(() -> {
                try {
                    while (total.get() < o.maxRequests()) {
                        long t0 = System.nanoTime();
                        if (t0 >= measureEnd) {
                            break;
                        }
                        if (!hasher.verify(password, stored)) {
                            throw new IllegalStateException("verify returned false");
                        }
                        long t1 = System.nanoTime();
                        if (t1 >= measureStart && t1 < measureEnd) {
                            h.recordValue(Math.min(t1 - t0, h.getHighestTrackableValue()));
                            counts[index]++;
                            total.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Math.max(0, measureStart - System.nanoTime())));
        cpu.start();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Math.max(0, measureEnd - System.nanoTime())));
        cpu.stop();
        done.await(60, TimeUnit.SECONDS);
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
        long n = 0;
        for (int i = 0; i < histograms.size(); i++) {
            all.add(histograms.get(i));
            n += counts[i];
        }
        TreeMap<Integer, Long> none = new TreeMap<>();
        report(o, n, o.durationSeconds(), 0, 0, all, none, cpu, List.of());
        return 0;
    }

    private static void report(LoadOptions o, long requests, double seconds, long non2xx, long errors, Histogram h,
                               TreeMap<Integer, Long> statuses, Cpu cpu, List<String> notes) {
        double rps = requests / seconds;
        double p50 = h.getValueAtPercentile(50) / 1e6;
        double p90 = h.getValueAtPercentile(90) / 1e6;
        double p99 = h.getValueAtPercentile(99) / 1e6;
        double max = h.getMaxValue() / 1e6;
        boolean baseline = o.scenario().equals("hash-baseline");
        System.out.printf(Locale.ROOT, "  %s %d in %.2f s = %.1f %s/s%n", baseline ? "verifies:" : "requests:",
                requests, seconds, rps, baseline ? "verify" : "req");
        System.out.printf(Locale.ROOT, "  latency:  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms%n", p50, p90, p99, max);
        if (!baseline) {
            System.out.printf(Locale.ROOT, "  non-2xx:  %d   errors: %d   statuses: %s%n", non2xx, errors, statuses);
        }
        StringBuilder result = new StringBuilder();
        result.append(String.format(Locale.ROOT, "RESULT scenario=%s rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
                        + "max_ms=%.3f requests=%d non2xx=%d errors=%d concurrency=%d duration_s=%.1f",
                o.scenario(), rps, p50, p90, p99, max, requests, non2xx, errors, o.concurrency(), seconds));
        if (cpu.measured()) {
            double cpuSeconds = cpu.seconds();
            System.out.printf(Locale.ROOT, "  %s cpu: %.2f s over %.1f s (%.0f %% of one core) -> %.1f %s per CPU-second%n",
                    baseline ? "process" : "server", cpuSeconds, cpu.wallSeconds(),
                    100 * cpuSeconds / cpu.wallSeconds(), cpuSeconds > 0 ? requests / cpuSeconds : 0.0,
                    baseline ? "verifies" : "requests");
            result.append(String.format(Locale.ROOT, " cpu_s=%.2f cpu_pct=%.0f per_cpu_s=%.1f", cpuSeconds,
                    100 * cpuSeconds / cpu.wallSeconds(), cpuSeconds > 0 ? requests / cpuSeconds : 0.0));
        }
        if (!baseline) {
            double self = cpu.selfSeconds();
            if (self >= 0) {
                System.out.printf(Locale.ROOT, "  load generator cpu: %.2f s (%.0f %% of one core)%n", self,
                        100 * self / cpu.wallSeconds());
                result.append(String.format(Locale.ROOT, " client_cpu_pct=%.0f", 100 * self / cpu.wallSeconds()));
            }
        }
        for (String note : notes) {
            System.out.println("  note: " + note);
        }
        System.out.println(result);
    }

    /**
     * CPU time (user + system) of a process over a window, from /proc/PID/stat (Linux; USER_HZ is 100 there), and
     * of this process for comparison.
     */
    static final class Cpu {
        private static final double TICKS_PER_SECOND = 100.0;
        private final OptionalLong pid;
        private volatile long startTicks = -1;
        private volatile long stopTicks = -1;
        private volatile long selfStart = -1;
        private volatile long selfStop = -1;
        private volatile long wallStart;
        private volatile long wallStop;

        Cpu(OptionalLong pid) {
            this.pid = pid;
        }

        synchronized void start() {
            wallStart = System.nanoTime();
            startTicks = pid.isPresent() ? ticks(pid.getAsLong()) : -1;
            selfStart = ticks(ProcessHandle.current().pid());
        }

        synchronized void stop() {
            if (wallStart == 0 || wallStop != 0) {
                return;
            }
            wallStop = System.nanoTime();
            stopTicks = pid.isPresent() ? ticks(pid.getAsLong()) : -1;
            selfStop = ticks(ProcessHandle.current().pid());
        }

        boolean measured() {
            return startTicks >= 0 && stopTicks >= startTicks;
        }

        double seconds() {
            return (stopTicks - startTicks) / TICKS_PER_SECOND;
        }

        double selfSeconds() {
            return selfStart >= 0 && selfStop >= selfStart ? (selfStop - selfStart) / TICKS_PER_SECOND : -1;
        }

        double wallSeconds() {
            return wallStop > wallStart ? (wallStop - wallStart) / 1e9 : 1e-9;
        }

        /** utime + stime in clock ticks, or -1. */
        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
