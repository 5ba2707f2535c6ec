package io.tokenbooth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An unexpected failure is a 500 and an error in the log, except while the JVM exits, when the embedded database may
 * be closed under a request in flight: then 503 with Retry-After and a debug line (the exit itself is
 * {@code storage/VmShutdownTest}'s, in a JVM of its own).
 */
class ErrorResponsesTest {
    private static final IllegalStateException CLOSED = new IllegalStateException(
            "database error: Database is already closed [90121-252]");

    @Test
    void unexpectedWhenRunningThen500ServerErrorLoggedAsError() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        OAuthException answer = capture(log, () -> ErrorResponses.unexpected("POST /api/v1/login", CLOSED, false));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.error()).isEqualTo("server_error");
        assertThat(answer.retryAfter()).isEmpty();
        assertThat(log.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).contains("POST /api/v1/login");
        });
    }

    @Test
    void unexpectedWhenStoppingThen503TemporarilyUnavailableWithRetryAfterLoggedAtDebug() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        OAuthException answer = capture(log, () -> ErrorResponses.unexpected("POST /api/v1/login", CLOSED, true));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.error()).isEqualTo("temporarily_unavailable");
        assertThat(answer.description()).contains("shutting down").doesNotContain("Database");
        assertThat(answer.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(log.list).singleElement().satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
    }

    private static OAuthException capture(ListAppender<ILoggingEvent> appender, Supplier<OAuthException> call) {
        Logger logger = (Logger) LoggerFactory.getLogger(ErrorResponses.class);
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
        try {
            return call.get();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }
}
