package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background task's failure is a warning while the server runs and a debug line while the JVM exits (the embedded
 * database may be closed by H2's own hook by then). Only an exit shows it, so the probe runs in a JVM of its own.
 */
class VmShutdownTest {

    @Test
    void inProgressWhenRunningThenFalseWhenHooksRunThenTrue() throws Exception {
        String output = runProbe();
        assertThat(output).as(output).contains("running: in progress false").contains("in a hook: in progress true");
    }

    @Test
    void warnUnlessStoppingWhenRunningThenWarnWhenHooksRunThenDebug() throws Exception {
        String output = runProbe();
        assertThat(output).as(output).containsPattern("WARN .*probe failure while running")
                .doesNotContainPattern("WARN .*probe failure in a hook");
    }

    @Test
    void inProgressWhenCalledFromManyThreadsThenFalseForEach() throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicInteger wrong = new AtomicInteger();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int j = 0; j < 200; j++) {
                    if (VmShutdown.inProgress()) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wrong).hasValue(0);
    }

    private static String runProbe() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process probe = new ProcessBuilder(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                Probe.class.getName())).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();
        return output;
    }

    /** Prints what {@link VmShutdown} says before the exit and from a shutdown hook, and logs through it at both. */
    public static final class Probe {
        private static final Logger LOG = LoggerFactory.getLogger(Probe.class);

        public static void main(String[] args) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("in a hook: in progress " + VmShutdown.inProgress());
                VmShutdown.warnUnlessStopping(LOG, "probe failure in a hook: {}", new IllegalStateException("x"));
                System.out.flush();
            }));
            System.out.println("running: in progress " + VmShutdown.inProgress());
            VmShutdown.warnUnlessStopping(LOG, "probe failure while running: {}", new IllegalStateException("x"));
            System.exit(0);
        }
    }
}
