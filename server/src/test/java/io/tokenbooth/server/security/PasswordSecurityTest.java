package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Password rules (decisions.md "Passwords", checklist item 19): 8-256 code points, no composition rules, refused if
 * breached or equal to the username, hashed exactly as given (no truncation, no trimming). H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordSecurityTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private Set<String> breached;

    @BeforeAll
    void start() throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PasswordSecurityTest.class.getResourceAsStream("/passwords/breached.txt"), StandardCharsets.UTF_8))) {
            breached = r.lines().collect(Collectors.toSet());
        }
    }

    private TestServer.Response signup(String username, String password) {
        return app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", username, "password", password)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"password123", "PASSWORD123", "Password123", "12345678", "football", "iloveyou"})
    void signupWhenBreachedPasswordThen400(String password) {
        assertThat(breached).as("the bundled list holds it (in some case)")
                .contains(password.toLowerCase(java.util.Locale.ROOT));
        String name = "breach_" + Integer.toHexString(password.hashCode());
        Answers.assertError(signup(name, password), 400, "invalid_request");
        assertThat(app.server().tokenbooth().services().accounts.find(name)).isEmpty();
    }

    @Test
    void signupWhenSevenCharactersThen400AndEightThen201() {
        Answers.assertError(signup("seven_chars", "tr7#Kq!"), 400, "invalid_request");
        // 7 code points in 14 UTF-16 units: counted as 7.
        Answers.assertError(signup("seven_chars", "\uD83D\uDE00".repeat(7)), 400, "invalid_request");
        assertThat(signup("seven_chars", "tr7#Kq!x").status()).isEqualTo(201);
    }

    @Test
    void signupWhenNoCompositionThen201() {
        // No composition rules: a long lowercase passphrase is fine.
        assertThat(signup("plain_words", "correct horse battery staple").status()).isEqualTo(201);
    }

    @Test
    void signupWhenPasswordEqualsUsernameThen400() {
        Answers.assertError(signup("samesame_pw", "samesame_pw"), 400, "invalid_request");
        Answers.assertError(signup("samesame_pw", "SAMESAME_PW"), 400, "invalid_request");
        assertThat(app.server().tokenbooth().services().accounts.find("samesame_pw")).isEmpty();
    }

    @Test
    void signupWhen256EmojiCodePointsThen201AndLoginWorks() {
        String password = "\uD83E\uDD8A".repeat(255) + "\uD83D\uDC3B"; // 🦊 x255 + 🐻: 256 code points, 512 chars
        TestServer.Response r = signup("emoji_pw", password);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(app.server().login("emoji_pw", password).status()).isEqualTo(200);
        // Not truncated at any byte length: the same string with the last emoji changed fails.
        Answers.assertError(app.server().login("emoji_pw", "\uD83E\uDD8A".repeat(256)), 400, "invalid_grant");
    }

    @Test
    void signupWhen257EmojiCodePointsThen400() {
        Answers.assertError(signup("emoji_long", "\uD83E\uDD8A".repeat(257)), 400, "invalid_request");
    }

    @Test
    void loginWhen200CharPasswordsDifferOnlyInLastCharacterThenOnlyTheRightOneWorks() {
        String base = "Tr0ub4dor&3-".repeat(17).substring(0, 199);
        String right = base + "a";
        String wrong = base + "b";
        assertThat(right).hasSize(200);
        assertThat(signup("long_pw", right).status()).isEqualTo(201);
        Answers.assertError(app.server().login("long_pw", wrong), 400, "invalid_grant");
        Answers.assertError(app.server().login("long_pw", base), 400, "invalid_grant");
        Answers.assertError(app.server().login("long_pw", base.substring(0, 72)), 400, "invalid_grant");
        assertThat(app.server().login("long_pw", right).status()).isEqualTo(200);
    }

    @Test
    void loginWhenPasswordDiffersOnlyInSurroundingWhitespaceThenRefused() {
        String password = "  spaced out passphrase  ";
        assertThat(signup("space_pw", password).status()).isEqualTo(201);
        Answers.assertError(app.server().login("space_pw", password.strip()), 400, "invalid_grant");
        Answers.assertError(app.server().login("space_pw", password + " "), 400, "invalid_grant");
        assertThat(app.server().login("space_pw", password).status()).isEqualTo(200);
    }

    @Test
    void signupAndLoginAnswersNeverCarryThePasswordOrItsHash() {
        String password = "obsidian-harbor-lantern";
        TestServer.Response created = signup("echo_pw", password);
        assertThat(created.status()).isEqualTo(201);
        TestServer.Response login = app.server().login("echo_pw", password);
        TestServer.Response me = app.server().get("/api/v1/me",
                "Authorization", "Bearer " + login.text("access_token"));
        TestServer.Response failed = app.server().login("echo_pw", password + "!");
        for (TestServer.Response r : new TestServer.Response[] {created, login, me, failed}) {
            assertThat(r.body()).doesNotContain(password).doesNotContain("argon2").doesNotContain("password_hash");
        }
    }
}
