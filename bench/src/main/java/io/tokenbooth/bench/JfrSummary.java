package io.tokenbooth.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples of a JFR recording of the server: the share of samples whose stack contains each area
 * of interest (inclusive; areas overlap), and the hottest methods by self time. Uses the CPU-time sampler's events
 * ({@code jdk.CPUTimeSample}, JDK 25+, Linux), which also see native code such as ACCP's, when the recording has
 * them; otherwise {@code jdk.ExecutionSample} (Java code only).
 * Also attributes every sample to one component (the library of the innermost frame that is not the JDK's; socket,
 * file and epoll system calls on their own), so that those shares add up to 100 %.
 * Usage: {@code java -cp benchmarks.jar io.tokenbooth.bench.JfrSummary recording.jfr [top [stack-filter]]}; with a
 * stack filter (a frame prefix), also prints the commonest stacks through that frame.
 */
public final class JfrSummary {
    /** Area name → frame prefixes (class name, optionally ".method"); a sample counts if any frame starts with one. */
    private static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("Argon2id (BouncyCastle)", List.of("org.bouncycastle.crypto.generators.Argon2BytesGenerator"));
        AREAS.put("H2, all", List.of("org.h2."));
        AREAS.put("H2 commit", List.of("org.h2.engine.SessionLocal.commit", "org.h2.jdbc.JdbcConnection.commit"));
        AREAS.put("H2 MVStore writes/serialisation", List.of("org.h2.mvstore.MVStore.store", "org.h2.mvstore.MVStore.commit",
                "org.h2.mvstore.FileStore", "org.h2.mvstore.RandomAccessStore", "org.h2.mvstore.Page.write"));
        AREAS.put("H2 statement preparation", List.of("org.h2.jdbc.JdbcConnection.prepareStatement",
                "org.h2.command.Parser"));
        AREAS.put("Jetty + Javalin (HTTP)", List.of("org.eclipse.jetty.", "io.javalin."));
        AREAS.put("Jackson (request/response JSON)", List.of("com.fasterxml.jackson."));
        AREAS.put("Nimbus JOSE/JWT (all)", List.of("com.nimbusds."));
        AREAS.put("JWS sign (JCA Signature.sign)", List.of("java.security.Signature.sign"));
        AREAS.put("JWS verify (JCA Signature.verify)", List.of("java.security.Signature.verify"));
        AREAS.put("ACCP native code", List.of("com.amazon.corretto.crypto.provider."));
        AREAS.put("SHA-256 (MessageDigest)", List.of("java.security.MessageDigest.digest"));
        AREAS.put("SecureRandom", List.of("java.security.SecureRandom.next"));
        AREAS.put("UUID.randomUUID", List.of("java.util.UUID.randomUUID"));
        AREAS.put("ICU4J (usernames)", List.of("com.ibm.icu."));
        AREAS.put("Micrometer (request timer)", List.of("io.micrometer."));
        AREAS.put("Logback", List.of("ch.qos.logback."));
        AREAS.put("Bucket4j (rate limiter)", List.of("io.github.bucket4j."));
        AREAS.put("Tokenbooth code (any frame)", List.of("io.tokenbooth."));
    }

    /** Component → class-name prefixes, for the innermost non-JDK frame. */
    private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("H2", List.of("org.h2."));
        COMPONENTS.put("HikariCP", List.of("com.zaxxer.hikari."));
        COMPONENTS.put("Jetty", List.of("org.eclipse.jetty."));
        COMPONENTS.put("Javalin (+ Kotlin stdlib)", List.of("io.javalin.", "kotlin."));
        COMPONENTS.put("Jackson", List.of("com.fasterxml.jackson."));
        COMPONENTS.put("Nimbus JOSE/JWT", List.of("com.nimbusds."));
        COMPONENTS.put("ACCP", List.of("com.amazon.corretto."));
        COMPONENTS.put("BouncyCastle", List.of("org.bouncycastle."));
        COMPONENTS.put("Micrometer", List.of("io.micrometer."));
        COMPONENTS.put("Logback/SLF4J", List.of("ch.qos.logback.", "org.slf4j."));
        COMPONENTS.put("ICU4J", List.of("com.ibm.icu."));
        COMPONENTS.put("Bucket4j", List.of("io.github.bucket4j."));
        COMPONENTS.put("Flyway", List.of("org.flywaydb."));
        COMPONENTS.put("Tokenbooth", List.of("io.tokenbooth."));
    }

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final List<String> SYSCALLS = List.of("sun.nio.ch.SocketDispatcher.", "sun.nio.ch.EPoll.",
            "sun.nio.ch.EventFD.", "sun.nio.ch.UnixFileDispatcherImpl.", "sun.nio.ch.IOUtil.", "sun.nio.ch.FileDispatcherImpl.");

    private JfrSummary() {
    }

    private static String component(List<String> frames) {
        if (SYSCALLS.stream().anyMatch(frames.get(0)::startsWith)) {
            return "system calls (socket, epoll, file I/O)";
        }
        for (String f : frames) {
            if (JDK.stream().anyMatch(f::startsWith)) {
                continue;
            }
            for (var c : COMPONENTS.entrySet()) {
                if (c.getValue().stream().anyMatch(f::startsWith)) {
                    return c.getKey();
                }
            }
            return "other: " + f.substring(0, Math.max(0, f.lastIndexOf('.')));
        }
        return "JDK only (GC-free JVM work, virtual-thread scheduling, ...)";
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrSummary recording.jfr [top]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String stackFilter = args.length > 2 ? args[2] : null;
        Map<String, Long> components = new HashMap<>();
        Map<String, Long> stacks = new HashMap<>();
        Map<String, Long> entries = new HashMap<>();
        Map<String, Long> filteredSelf = new HashMap<>();
        Map<String, Long> inclusive = new LinkedHashMap<>();
        AREAS.keySet().forEach(k -> inclusive.put(k, 0L));
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        String type = events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.CPUTimeSample"))
                ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals(type)) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<String> names = new ArrayList<>(st.getFrames().size());
            for (RecordedFrame f : st.getFrames()) {
                names.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            self.merge(names.get(0), 1L, Long::sum);
            components.merge(component(names), 1L, Long::sum);
            if (stackFilter != null) {
                int at = -1;
                for (int i = 0; i < names.size(); i++) {
                    if (names.get(i).startsWith(stackFilter)) {
                        at = i;
                    }
                }
                int outer = -1;
                for (int i = names.size() - 1; i >= 0; i--) {
                    if (names.get(i).startsWith(stackFilter)) {
                        outer = i;
                        break;
                    }
                }
                if (outer >= 0) {
                    entries.merge(names.get(outer) + (outer + 1 < names.size() ? "  <- " + names.get(outer + 1) : ""),
                            1L, Long::sum);
                }
                if (at >= 0) {
                    filteredSelf.merge(names.get(0), 1L, Long::sum);
                    // The filtered frame, what it calls (up to 3 frames) and its callers (up to 8 frames).
                    List<String> part = names.subList(Math.max(0, at - 3), Math.min(names.size(), at + 9));
                    stacks.merge(String.join("\n      <- ", part), 1L, Long::sum);
                }
            }
            var thread = e.getThread(type.equals("jdk.CPUTimeSample") ? "eventThread" : "sampledThread");
            String tname = thread == null ? "?" : thread.getJavaName() == null ? "?" : thread.getJavaName();
            threads.merge(tname.replaceAll("[0-9]+", "N"), 1L, Long::sum);
            for (var area : AREAS.entrySet()) {
                if (names.stream().anyMatch(n -> area.getValue().stream().anyMatch(n::startsWith))) {
                    inclusive.merge(area.getKey(), 1L, Long::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d CPU samples (%s) in %s%n%n", samples, type, args[0]);
        if (samples == 0) {
            return;
        }
        System.out.println("Share of samples whose stack contains (inclusive; areas overlap):");
        final long n = samples;
        inclusive.forEach((k, v) -> {
            if (v > 0) {
                System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * v / n, k);
            }
        });
        System.out.println();
        System.out.println("By component (innermost non-JDK frame; adds up to 100 %):");
        components.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * en.getValue() / n, en.getKey()));
        System.out.println();
        System.out.println("Hottest methods by self time:");
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * en.getValue() / n, en.getKey()));
        System.out.println();
        if (stackFilter != null) {
            System.out.println("Entry points into " + stackFilter + " (outermost matching frame and its caller):");
            entries.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                    .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * en.getValue() / n,
                            en.getKey()));
            System.out.println();
            System.out.println("Hottest methods by self time within stacks through " + stackFilter + ":");
            filteredSelf.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                    .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * en.getValue() / n,
                            en.getKey()));
            System.out.println();
            System.out.println("Commonest stacks through " + stackFilter + ":");
            stacks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n%n", 100.0 * en.getValue() / n,
                            en.getKey()));
        }
        System.out.println("Samples by thread (digits folded):");
        threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * en.getValue() / n, en.getKey()));
    }
}
