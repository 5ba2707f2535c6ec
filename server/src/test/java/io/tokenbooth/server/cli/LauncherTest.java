package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code ./tokenbooth}, a bash script) in an installed copy: the launcher and a jar, no sources. The
 * jar is {@link LauncherProbe}, which prints what it was started with. Linux/macOS only (bash).
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..").toAbsolutePath().normalize().resolve("tokenbooth");
    private static final String JAR = "server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar";

    @TempDir
    Path copy;

    private final String javaHome = System.getProperty("java.home");

    @BeforeEach
    void installCopy() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        Files.copy(LAUNCHER, copy.resolve("tokenbooth"));
        copy.resolve("tokenbooth").toFile().setExecutable(true);
        Files.createDirectories(copy.resolve("server/target"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (var out = new JarOutputStream(Files.newOutputStream(copy.resolve(JAR)), manifest);
             var in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    /** Runs the copy's launcher with JAVA_HOME set; returns what it printed. */
    private Result launch(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(copy.resolve("tokenbooth").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", javaHome);
        env.put("PATH", "/usr/bin:/bin");
        env.remove("TOKENBOOTH_JAVA_OPTS");
        env.remove("MALLOC_ARENA_MAX");
        Process p = builder.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }

    @Test
    void whenInstalledCopyThenRunsTheJarWithoutLookingForSources() throws Exception {
        // There is nothing to build from: had the launcher decided to build, it would have failed saying so.
        Result r = launch("migrate", "--data", "d");

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("probe args: migrate --data d").doesNotContain("building");
        assertThat(r.output()).contains("-XX:+UseSerialGC").contains("-Xmx256m").contains("probe MALLOC_ARENA_MAX=2");
    }

    @Test
    void whenSourcesBesideTheJarAreNewerThenTheLauncherWantsToBuild() throws Exception {
        Path source = copy.resolve("server/src/main/java/Changed.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Changed {}");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));

        Result r = launch("migrate");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("tokenbooth: building the server").doesNotContain("probe args");
    }

    @Test
    void whenAskedForTheJavaHomeThenTheJdkFromItsReleaseFileWithoutStartingIt() throws Exception {
        // A JDK 21 whose java would fail if run: its version must come from the release file.
        Path fake = copy.resolve("jdk-21");
        Files.createDirectories(fake.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path bin = fake.resolve("bin").resolve(tool);
            Files.writeString(bin, "#!/bin/sh\necho started >> " + copy.resolve("started") + "\nexit 1\n");
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(fake.resolve("release"), "JAVA_VERSION=\"21.0.9\"\n");
        ProcessBuilder builder = new ProcessBuilder(copy.resolve("tokenbooth").toString(), "--print-java-home")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", fake.toString());
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo(fake.toString());
        assertThat(copy.resolve("started")).doesNotExist();
    }

    @Test
    void whenJdk25ThenTheFirstServeRecordsAnAotCacheAndLaterStartsUseIt() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25; older JDKs get a CDS archive");

        Result first = launch("serve", "--port", "0");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("-XX:AOTMode=record").doesNotContain("AOTConfiguration recorded");
        try (var files = Files.list(copy.resolve("server/target"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .as("the cache, and no recording left behind").anyMatch(n -> n.endsWith(".aot"))
                    .noneMatch(n -> n.contains(".aotconf"));
        }

        Result second = launch("user", "list");
        assertThat(second.output()).contains("probe args: user list").contains("-XX:AOTCache=")
                .doesNotContain("AOTMode=record");

        // A rebuilt jar makes the cache stale: it is dropped, and the next serve records again.
        Files.setLastModifiedTime(copy.resolve(JAR), FileTime.from(Instant.now().plusSeconds(60)));
        Result rebuilt = launch("serve");
        assertThat(rebuilt.output()).contains("-XX:AOTMode=record").doesNotContain("-XX:AOTCache=");
    }
}
