package io.tokenbooth.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link RunningServer} fixture itself: configured before the class, running during it, one per class. */
class RunningServerTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("cors.origins", "https://app.example.com");
    private static TestServer started;

    @BeforeAll
    static void remember() {
        started = app.server();
    }

    @Test
    void serverWhenClassRunsThenStartedOnTheDatabaseWithTheSettings() {
        assertThat(app.server().get("/health/ready").status()).isEqualTo(200);
        assertThat(app.server().database).isSameAs(app.db());
        assertThat(app.db().kind()).isEqualTo(TestDatabase.Kind.H2);
        assertThat(app.server().get("/.well-known/jwks.json", "Origin", "https://app.example.com")
                .header("Access-Control-Allow-Origin")).contains("https://app.example.com");
    }

    @Test
    void configureWhenAlreadyRunningThenRefused() {
        assertThatThrownBy(() -> app.set("port", "1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> app.clock(MutableClock.startingNow())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secondNodeWhenStartedThenSameDatabaseAndSettings() {
        app.server().signup("second_node_user", "correct horse battery staple");
        try (TestServer second = app.secondNode().start()) {
            assertThat(second.database).isSameAs(app.db());
            assertThat(second.login("second_node_user", "correct horse battery staple").status()).isEqualTo(200);
            assertThat(second.get("/.well-known/jwks.json", "Origin", "https://app.example.com")
                    .header("Access-Control-Allow-Origin")).contains("https://app.example.com");
        }
    }

    @Test
    void serverWhenNotRegisteredThenExplainsHowToRegister() {
        RunningServer unregistered = RunningServer.h2();
        assertThatThrownBy(unregistered::server).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension");
    }

    @Nested
    class WhenNested {
        @Test
        void serverThenTheEnclosingClassesOne() {
            assertThat(app.server()).isSameAs(started);
            assertThat(app.server().get("/health/ready").status()).isEqualTo(200);
        }
    }
}
