package io.tokenbooth.server.cli;

import io.tokenbooth.server.app.Tokenbooth;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.keys.CryptoProviders;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server: migrate the database, load or generate signing keys, listen for HTTP.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() throws InterruptedException {
        TokenboothConfig config = options.load();
        Tokenbooth server = Tokenbooth.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tokenbooth-shutdown"));
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        // CPU time beside the wall-clock time: on a shared core the latter includes waiting for the core.
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
        LOG.info("Tokenbooth ready on http://{}:{} (issuer {}, database {}, crypto {}, {} ms after JVM start, {} ms CPU)",
                config.http().host(), server.port(), server.issuer(),
                server.services().database.embedded() ? "embedded H2" : "external", CryptoProviders.active(), uptime,
                cpuMillis);
        stopped.await();
        return 0;
    }
}
