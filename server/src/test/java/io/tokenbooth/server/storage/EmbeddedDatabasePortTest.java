package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's AUTO_SERVER port (what lets the CLI join a running server) listens on loopback only, and
 * the CLI in another process still reaches it. The server runs in a JVM of its own, since H2 reads its bind address
 * once per JVM. The listening address is read from the kernel's socket table, so Linux only.
 */
class EmbeddedDatabasePortTest {
    private static final Pattern SERVER_LINE = Pattern.compile("server=[^\\n]*?\\\\?:(\\d+)");
    private static final List<String> LOOPBACK = List.of("0100007F", "0000000000000000FFFF00000100007F",
            "00000000000000000000000001000000");

    @TempDir
    Path data;

    private static Process java(ProcessBuilder.Redirect output, String... args) throws IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "io.tokenbooth.server.cli.TokenboothCli"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    @Test
    void serveWhenEmbeddedThenDatabasePortListensOnLoopbackOnlyAndCliStillJoins() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
        Process server = java(ProcessBuilder.Redirect.DISCARD, "serve", "--port", "0", "--data", data.toString());
        try {
            int port = autoServerPort(data.resolve("tokenbooth.lock.db"));
            List<String> listening = listeningAddresses(port);
            assertThat(listening).as("addresses listening on the database port %d", port).isNotEmpty()
                    .allSatisfy(a -> assertThat(LOOPBACK).contains(a));

            Process cli = java(ProcessBuilder.Redirect.PIPE, "user", "add", "portcheck", "--data", data.toString());
            try (var stdin = cli.getOutputStream()) {
                stdin.write("a long enough passphrase\n".getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.exitValue()).as(output).isZero();
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The AUTO_SERVER port H2 writes into the lock file once the server holds the database (bounded wait). */
    private static int autoServerPort(Path lockFile) {
        return Awaitility.await("an AUTO_SERVER port in " + lockFile).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!Files.exists(lockFile)) {
                        return null;
                    }
                    Matcher m = SERVER_LINE.matcher(Files.readString(lockFile, StandardCharsets.ISO_8859_1));
                    return m.find() ? Integer.valueOf(m.group(1)) : null;
                }, java.util.Objects::nonNull);
    }

    /** The local addresses (hex, as the kernel writes them) of sockets listening on {@code port}. */
    private static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ...; 0A is LISTEN
                if (f.length > 3 && f[1].endsWith(":" + hexPort) && f[3].equals("0A")) {
                    addresses.add(f[1].substring(0, f[1].indexOf(':')).toUpperCase(Locale.ROOT));
                }
            }
        }
        return addresses;
    }
}
