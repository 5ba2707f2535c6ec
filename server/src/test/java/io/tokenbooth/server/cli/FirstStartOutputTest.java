package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, defect 7: a first start (fresh data folder, no class-data-sharing archive or AOT cache yet) prints no CDS
 * or AOT warnings and no terminal escape codes, from start to stop, with output that is not a terminal and, where
 * {@code script} exists to fake one, with a terminal. The server runs in its own JVM with the JVM options of
 * {@code ./tokenbooth}, which records or writes the archive when the JVM exits: that is where the warnings came from.
 */
class FirstStartOutputTest {
    @TempDir
    Path tmp;

    /**
     * The test class path with every folder packed into a jar: the JVM archives classes from jars only (a folder on
     * the class path makes the dump fail), and ./tokenbooth runs one jar.
     */
    private String jarredClassPath() throws IOException {
        // Once per test: the AOT cache belongs to these jars as they are (paths and modification times).
        if (jarredClassPath == null) {
            jarredClassPath = jarClassPath();
        }
        return jarredClassPath;
    }

    private String jarredClassPath;

    private String jarClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            Path jar = tmp.resolve("classes-" + entries.size() + ".jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                 var files = Files.walk(path)) {
                // Folder entries too: Flyway finds its migrations by listing db/migration/ in the jar.
                for (Path file : files.filter(f -> !f.equals(path)).toList()) {
                    String name = path.relativize(file).toString().replace('\\', '/');
                    boolean folder = Files.isDirectory(file);
                    out.putNextEntry(new java.util.jar.JarEntry(folder ? name + "/" : name));
                    if (!folder) {
                        Files.copy(file, out);
                    }
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static final boolean AOT = Runtime.version().feature() >= 25;
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final List<String> LAUNCHER_OPTIONS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx256m",
            "-Xlog:cds*=off", "-Xlog:aot*=off");

    /**
     * A jar like the server's: its manifest names the main class, declares native access for the crypto provider
     * (Enable-Native-Access, as the shaded jar does; on the command line it would not match the archive) and lists the
     * jarred class path.
     */
    private Path launcherJar() throws IOException {
        Path jar = tmp.resolve("tokenbooth.jar");
        if (!Files.exists(jar)) {
            var manifest = new java.util.jar.Manifest();
            var attributes = manifest.getMainAttributes();
            attributes.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
            attributes.put(java.util.jar.Attributes.Name.MAIN_CLASS, TokenboothCli.class.getName());
            attributes.putValue("Enable-Native-Access", "ALL-UNNAMED");
            List<String> urls = new ArrayList<>();
            for (String entry : jarredClassPath().split(java.io.File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toString());
            }
            attributes.put(java.util.jar.Attributes.Name.CLASS_PATH, String.join(" ", urls));
            new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest).close();
        }
        return jar;
    }

    /**
     * As ./tokenbooth runs a first serve (its default TOKENBOOTH_JAVA_OPTS and the archive options): on JDK 25 it
     * records an AOT configuration, then assembles the cache (see {@link #createAotCache}); before, the JVM writes a
     * CDS archive as it exits.
     */
    private List<String> serveCommand(Path data, Path archive) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(LAUNCHER_OPTIONS);
        command.addAll(AOT ? List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + archive + "conf")
                : List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive));
        command.addAll(List.of("-jar", launcherJar().toString(), "serve", "--port", "0", "--data", data.toString()));
        return command;
    }

    /** The launcher's second step on JDK 25, after the first serve stopped; returns what it printed. */
    private String createAotCache(Path archive) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(LAUNCHER_OPTIONS);
        command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + archive + "conf",
                "-XX:AOTCache=" + archive, "-cp", launcherJar().toString()));
        Path log = tmp.resolve("create.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(log)).isZero();
        return read(log);
    }

    /** Runs {@code command} until the server says it is ready, stops it, and returns everything it printed. */
    private static String startAndStop(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !p.isAlive() || read(log).contains("Tokenbooth ready on"));
            assertThat(read(log)).contains("Tokenbooth ready on");
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy(); // SIGTERM: the shutdown hook runs and the JVM writes its archive on the way out
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        return read(log);
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private static void assertClean(String output) {
        assertThat(output).as(output).doesNotContain("\u001b").doesNotContainIgnoringCase("cds")
                .doesNotContainIgnoringCase("warning").doesNotContain("WARN");
    }

    @Test
    void firstStartWhenOutputIsNotATerminalThenNoCdsWarningAndNoEscapeCode() throws Exception {
        Path archive = tmp.resolve(AOT ? "first.aot" : "first.jsa");
        String output = startAndStop(serveCommand(tmp.resolve("data"), archive), tmp.resolve("out.log"));
        // The recording JVM's one line on standard output (the launcher drops it): not a warning.
        assertClean(output.replaceAll("(?m)^ *AOTConfiguration recorded: .*$", ""));
        if (AOT) {
            createAotCache(archive); // the launcher sends its output to /dev/null
        }
        assertThat(archive).as("the archive a later start uses").exists();
    }

    @Test
    void firstStartWhenOutputIsATerminalThenNoCdsWarningAndNoEscapeCode() throws Exception {
        Path script = Path.of("/usr/bin/script");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(script), "no script(1) to fake a terminal");
        List<String> serve = new ArrayList<>();
        for (String arg : serveCommand(tmp.resolve("data"), tmp.resolve("tty.jsa"))) {
            serve.add("'" + arg.replace("'", "'\\''") + "'");
        }
        Path typescript = tmp.resolve("typescript");
        // -q: no "Script started" lines; -f: flushed as written; -e: the command's exit status.
        startAndStop(List.of(script.toString(), "-qfec", String.join(" ", serve), typescript.toString()),
                tmp.resolve("script.log"));
        assertClean(read(typescript).replaceAll("(?m)^(Script (started|done) on| *AOTConfiguration recorded: ).*$", ""));
    }
}
