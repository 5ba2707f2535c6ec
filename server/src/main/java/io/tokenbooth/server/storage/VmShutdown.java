package io.tokenbooth.server.storage;

import org.slf4j.Logger;

/**
 * Whether the JVM has begun to exit. The embedded H2 database closes itself from its own shutdown hook (H2 refuses
 * {@code DB_CLOSE_ON_EXIT=FALSE} together with {@code AUTO_SERVER}, which the CLI needs), and the JVM runs hooks in no
 * order, so a background reload that ticks while the server stops can find the database gone. That is the stop, not
 * a fault: the tasks that reload or clean up in the background log it at debug level instead of warning on every stop.
 */
public final class VmShutdown {
    private static final Thread PROBE = new Thread(() -> { }, "tokenbooth-shutdown-probe");

    private VmShutdown() {
    }

    /** True once the JVM runs its shutdown hooks: the JDK refuses new hooks from then on, and says nothing else. */
    public static synchronized boolean inProgress() {
        try {
            Runtime.getRuntime().addShutdownHook(PROBE);
            Runtime.getRuntime().removeShutdownHook(PROBE);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** {@code log.warn(message, failure)}, or debug while the JVM exits (see the class comment). */
    public static void warnUnlessStopping(Logger log, String message, RuntimeException failure) {
        if (inProgress()) {
            log.debug(message, failure.toString());
        } else {
            log.warn(message, failure.toString());
        }
    }
}
