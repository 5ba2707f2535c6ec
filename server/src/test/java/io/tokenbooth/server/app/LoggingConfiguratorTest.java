package io.tokenbooth.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The logging configured in code keeps what logback.xml said: format, target, levels and TOKENBOOTH_LOG_LEVEL. */
class LoggingConfiguratorTest {

    @Test
    void whenConfiguredThenStandardErrorWithTheFormatAndLevelsOfTheFormerXml() {
        LoggerContext context = new LoggerContext();
        LoggingConfigurator configurator = new LoggingConfigurator();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        var appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(appender.isStarted()).isTrue();
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern())
                .isEqualTo("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        for (String library : new String[] {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb"}) {
            assertThat(context.getLogger(library).getLevel()).as(library).isEqualTo(Level.WARN);
        }
        assertThat(context.getLogger("io.tokenbooth").getLevel()).isIn(Level.INFO,
                LoggingConfigurator.tokenboothLevel(System.getProperty("TOKENBOOTH_LOG_LEVEL"),
                        System.getenv("TOKENBOOTH_LOG_LEVEL")));
        context.stop();
    }

    @Test
    void whenTheServerRunsThenLogbackUsesThisConfigurator() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(getClass().getClassLoader().getResource("logback.xml")).as("no XML left to configure it").isNull();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void levelComesFromThePropertyThenTheEnvironmentThenInfo() {
        assertThat(LoggingConfigurator.tokenboothLevel("WARN", "ERROR")).isEqualTo(Level.WARN);
        assertThat(LoggingConfigurator.tokenboothLevel(null, "debug")).isEqualTo(Level.DEBUG);
        assertThat(LoggingConfigurator.tokenboothLevel(null, null)).isEqualTo(Level.INFO);
        assertThat(LoggingConfigurator.tokenboothLevel(null, " ")).isEqualTo(Level.INFO);
    }

    @Test
    void whenTheLevelNamesNoLevelThenDebugAsLogbackXmlDid() {
        assertThat(LoggingConfigurator.tokenboothLevel("loud", null)).isEqualTo(Level.DEBUG);
    }
}
