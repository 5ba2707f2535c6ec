package io.tokenbooth.server.account.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A login flood on a host with many cores and the launcher's small heap: every hashing thread holds its Argon2 memory
 * (19 MiB by default) while it works and keeps it afterwards, so one thread per core would hold more than the heap.
 * The JVM's core count and heap are fixed at start, so each case runs in a JVM of its own that believes it has 16
 * cores and has a 128 MiB heap, and hashes 16 passwords at once through the bulkhead as the server builds it.
 */
@Timeout(120)
class HashingHeapFloodTest {

    @Test
    void floodWhenDefaultThreadsOnManyCoresSmallHeapThenEveryHashCompletes() throws Exception {
        String output = runProbe(0);
        assertThat(output).as(output).contains("threads 3").contains("hashed 16 of 16").doesNotContain("OutOfMemory");
    }

    @Test
    void floodWhenOneThreadPerCoreConfiguredThenHeapRunsOut() throws Exception {
        // The case the default guards against: without the cap, a flood needs no account to exhaust the heap.
        String output = runProbe(16);
        assertThat(output).as(output).contains("threads 16").contains("OutOfMemoryError");
    }

    private static String runProbe(int configuredThreads) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process probe = new ProcessBuilder(List.of(javaBin, "-XX:ActiveProcessorCount=16", "-Xmx128m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                Integer.toString(configuredThreads))).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(100, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();
        return output;
    }

    /** Runs in the child JVM: builds the bulkhead as the server does and hashes 16 passwords at once. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            int configured = Integer.parseInt(args[0]);
            PasswordHasher hasher = new PasswordHasher();
            int done = 0;
            try (HashingBulkhead bulkhead = HashingBulkhead.forPasswords(configured, 64, 19 * 1024);
                    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                System.out.println("threads " + HashingBulkhead.threads(configured, 19 * 1024,
                        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory()));
                List<Future<String>> hashes = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    String password = "flood-password-" + i;
                    hashes.add(callers.submit(() -> bulkhead.run(() -> hasher.hash(password))));
                }
                for (Future<String> hash : hashes) {
                    try {
                        if (hash.get(90, TimeUnit.SECONDS).startsWith("$argon2id$")) {
                            done++;
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        System.out.println("failed: " + e.getCause());
                    }
                }
            }
            System.out.println("hashed " + done + " of 16");
        }
    }
}
