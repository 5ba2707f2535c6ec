package io.tokenbooth.server.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The server's logging, configured in code: Logback finds this class through {@code ServiceLoader} and then reads no
 * XML. Parsing a {@code logback.xml} with Joran loaded ~500 classes and cost a noticeable share of a one-core start
 * (docs/performance.md, "Start-up"); this sets the same appender, format and levels directly.
 *
 * <p>An operator's own configuration still wins: with {@code -Dlogback.configurationFile=...}, or a
 * {@code logback-test.xml} or {@code logback.xml} on the class path (an application embedding the server, the tests
 * of the examples), this configurator steps aside and Logback reads that file as usual.
 *
 * <p>Logs never carry passwords, tokens or secrets: request bodies and Authorization headers are not logged.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {
    /** Level of the {@code io.tokenbooth} loggers: system property or environment variable, default INFO. */
    public static final String LEVEL_KEY = "TOKENBOOTH_LOG_LEVEL";
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    /** Libraries that are chatty at INFO; their warnings and errors still show. */
    private static final Map<String, Level> LIBRARY_LEVELS = Map.of(
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "org.flywaydb", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (hasOwnConfiguration()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        LIBRARY_LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        context.getLogger("io.tokenbooth").setLevel(tokenboothLevel(System.getProperty(LEVEL_KEY), System.getenv(LEVEL_KEY)));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * As {@code ${TOKENBOOTH_LOG_LEVEL:-INFO}} in the former logback.xml: the system property, else the environment
     * variable, else INFO; a value that names no level gives DEBUG, as Logback's XML configuration did.
     */
    static Level tokenboothLevel(String property, String environment) {
        String value = property != null ? property : environment;
        return value == null || value.isBlank() ? Level.INFO : Level.toLevel(value.strip(), Level.DEBUG);
    }

    private static boolean hasOwnConfiguration() {
        if (System.getProperty("logback.configurationFile") != null) {
            return true;
        }
        ClassLoader loader = LoggingConfigurator.class.getClassLoader();
        return loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
    }
}
