package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Secrets never reach the logs (checklist item 22): with {@code io.tokenbooth} at DEBUG and a Logback
 * {@link ListAppender} on the root logger, a full session (sign-up, wrong and right login, refresh, replay, logout,
 * bad bearer tokens, refused sign-ups) leaves no password, access token, refresh token or refresh-token hash in any
 * formatted message or throwable. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogHygieneTest {
    private static final String PASSWORD = "nebula-garnet-sparrow-19";
    private static final String WRONG_PASSWORD = "nebula-garnet-sparrow-91";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger root;
    private Logger tokenbooth;
    private Level previousLevel;

    @BeforeAll
    void start() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        tokenbooth = (Logger) LoggerFactory.getLogger("io.tokenbooth");
        previousLevel = tokenbooth.getLevel();
        tokenbooth.setLevel(Level.DEBUG);
        appender.start();
        root.addAppender(appender);
    }

    @AfterAll
    void stop() {
        root.detachAppender(appender);
        appender.stop();
        tokenbooth.setLevel(previousLevel);
    }

    private static String sha256Hex(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256B64(String s) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> captured() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            StringBuilder b = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                b.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            if (e.getMDCPropertyMap() != null && !e.getMDCPropertyMap().isEmpty()) {
                b.append(' ').append(e.getMDCPropertyMap());
            }
            lines.add(b.toString());
        }
        return lines;
    }

    @Test
    void logsWhenFullSessionAtDebugThenNoPasswordsTokensOrTokenHashes() throws Exception {
        int before = appender.list.size();
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, WRONG_PASSWORD));

        app.server().signup("logan", PASSWORD);
        Answers.assertError(app.server().login("logan", WRONG_PASSWORD), 400, "invalid_grant");
        Answers.assertError(app.server().login("logan_nobody", PASSWORD), 400, "invalid_grant");
        TestServer.Response login = app.server().login("logan", PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        String access = login.text("access_token");
        String first = login.text("refresh_token");
        TestServer.Response rotated = app.server().refresh(first);
        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.text("refresh_token");
        // a retry within tokens.refresh-reuse-grace: the same successor, logged at INFO
        assertThat(app.server().refresh(first).text("refresh_token")).isEqualTo(second);
        app.server().clock.advance(java.time.Duration.ofSeconds(11));
        // replay: revokes the family, logs a warning
        Answers.assertError(app.server().refresh(first), 400, "invalid_grant");
        Answers.assertError(app.server().refresh(second), 400, "invalid_grant");
        TestServer.Response again = app.server().login("logan", PASSWORD);
        String third = again.text("refresh_token");
        assertThat(app.server().get("/api/v1/me", "Authorization", "Bearer " + again.text("access_token")).status())
                .isEqualTo(200);
        assertThat(app.server().postJson("/api/v1/logout", TestServer.json(Map.of("refresh_token", third))).status())
                .isEqualTo(204);
        Answers.assertError(app.server().refresh(third), 400, "invalid_grant");

        String forged = access.substring(0, access.lastIndexOf('.') + 1) + "c2lnbmF0dXJlLXRoYXQtaXMtbm90LXJlYWw";
        Answers.assertError(app.server().get("/api/v1/me", "Authorization", "Bearer " + forged), 401, "invalid_token");
        String garbage = "s3cr3t-looking-bearer-value-0123456789";
        Answers.assertError(app.server().get("/api/v1/me", "Authorization", "Bearer " + garbage), 401, "invalid_token");
        app.server().clock.advance(java.time.Duration.ofMinutes(11));
        Answers.assertError(app.server().get("/api/v1/me", "Authorization", "Bearer " + access), 401, "invalid_token");
        // Refused sign-ups whose messages talk about the password.
        Answers.assertError(app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", "logan2", "password", "logan2"))), 400, "invalid_request");
        Answers.assertError(app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", "PasswordEqualsName", "password", "PasswordEqualsName"))), 400,
                "invalid_request");
        String duplicate = "{\"username\":\"logan\",\"password\":\"" + PASSWORD + "\",\"password\":\"" + WRONG_PASSWORD
                + "\"}";
        Answers.assertError(app.server().postJson("/api/v1/login", duplicate), 400, "invalid_request");

        secrets.addAll(List.of(access, again.text("access_token"), rotated.text("access_token"), forged, garbage,
                first, second, third));
        // The JWT payload and signature alone are as sensitive as the whole token.
        secrets.add(access.split("\\.")[1]);
        secrets.add(access.split("\\.")[2]);
        for (String refresh : List.of(first, second, third)) {
            secrets.add(sha256Hex(refresh));
            secrets.add(sha256Hex(refresh).toUpperCase(Locale.ROOT));
            secrets.add(sha256B64(refresh));
        }

        List<String> lines = captured().subList(before, captured().size());
        // The appender sees the server's own DEBUG and WARN events, so a leak would be caught.
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("DEBUG").contains("/api/v1/login").contains("400"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("WARN").contains("reuse"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("INFO").contains("reuse grace"));
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("log line leaks a secret").doesNotContain(secret);
            }
            assertThat(line).doesNotContain("$argon2");
        }
    }
}
