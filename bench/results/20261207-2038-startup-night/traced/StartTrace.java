package io.tokenbooth.server.app;

/** TEMPORARY: phase marks for the start-up breakdown (not committed). */
public final class StartTrace {
    private static final boolean ON = System.getProperty("tokenbooth.trace") != null;
    private static final java.lang.management.ThreadMXBean T = ON ? java.lang.management.ManagementFactory.getThreadMXBean() : null;
    private StartTrace() {}
    public static void mark(String label) {
        if (!ON) return;
        long up = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
        long tc = T.getCurrentThreadCpuTime() / 1_000_000;
        System.err.println("[trace] up=" + up + " proc_cpu=" + cpu + " main_cpu=" + tc + " " + label);
        if (label.startsWith("before ready")) {
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                for (var t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                    String st = java.nio.file.Files.readString(t.resolve("stat"));
                    String comm = st.substring(st.indexOf('(') + 1, st.lastIndexOf(')'));
                    String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                    long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
                    if (ms > 0) System.err.println("[task] " + ms + " ms " + comm);
                }
            } catch (Exception e) { System.err.println(e); }
        }
    }
}
