package io.tokenbooth.server.cli;

import java.lang.management.ManagementFactory;

/**
 * Stands in for the server jar in {@link LauncherTest}: prints what the launcher ran it with (arguments, JVM options,
 * MALLOC_ARENA_MAX), so the test sees the launcher's choices without starting a server.
 */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) {
        System.out.println("probe args: " + String.join(" ", args));
        System.out.println("probe jvm: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("probe MALLOC_ARENA_MAX=" + System.getenv("MALLOC_ARENA_MAX"));
    }
}
