package io.tokenbooth.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 6, defect 7: a server started with another master key than the one its keys were sealed with says so, and
 * says nothing first about a retired key it could not open (every key fails to open; the retired one is not news).
 */
class WrongMasterKeyTest {
    @Test
    void startWhenMasterKeyIsAnotherOneThenFailsSayingSoWithoutARetiredKeyWarningFirst() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            try (TestServer first = TestServer.builder(db).start()) {
                // A retired key in the store, as after any rotation, listed before the unretired ones (created_at).
                first.clock.advance(Duration.ofMinutes(1));
                first.tokenbooth().services().keys.rotate("ES256", Duration.ZERO);
            }
            String another = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'C');
            appender.start();
            root.addAppender(appender);
            assertThatThrownBy(() -> TestServer.builder(db).set("master-key", another).start().close())
                    .hasMessageContaining("cannot be decrypted with this master key");
        } finally {
            root.detachAppender(appender);
            appender.stop();
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("retired"));
    }
}
