package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No account enumeration (checklist item 21): an unknown username and a wrong password answer alike, in status, body,
 * headers and time. This server uses the production Argon2id parameters (m=19456 KiB, t=2) so that skipping the
 * dummy hash for unknown users would show as a large difference; the timing check is behavioural, with a generous
 * ratio, not a performance assertion. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnumerationTest {
    private static final String PASSWORD = "tundra-pepper-quill-66";
    private static final int SAMPLES = 15;

    @RegisterExtension
    static final RunningServer app = RunningServer.h2()
            .set("passwords.argon2-memory-kib", "19456")
            .set("passwords.argon2-iterations", "2")
            .set("rate-limit.account-free-failures", "1000")
            .set("rate-limit.username-free-failures", "1000");

    @BeforeAll
    void start() {
        app.server().signup("enid", PASSWORD);
        // An account without a password (issue 6): a password login to it must look like a wrong password.
        app.server().tokenbooth().services().accounts.createWithoutPassword("enid_nopw", java.util.Optional.empty());
    }

    private static Set<String> headerNames(TestServer.Response r) {
        Set<String> names = new TreeSet<>();
        r.raw().headers().map().keySet().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        names.remove("date");
        return names;
    }

    /** {@code other} answers exactly as {@code wrong} (a wrong password) does: status, body, headers. */
    private static void assertSameAnswer(TestServer.Response other, TestServer.Response wrong) {
        assertThat(other.status()).isEqualTo(wrong.status());
        assertThat(other.body()).isEqualTo(wrong.body());
        assertThat(headerNames(other)).isEqualTo(headerNames(wrong));
        assertThat(other.header("Content-Length")).isEqualTo(wrong.header("Content-Length"));
        assertThat(other.header("Cache-Control")).isEqualTo(wrong.header("Cache-Control"));
        assertThat(other.header("Retry-After")).isEqualTo(wrong.header("Retry-After"));
    }

    @Test
    void loginWhenUnknownUserOrWrongPasswordThenIdenticalAnswers() {
        TestServer.Response wrong = app.server().login("enid", PASSWORD + "?");
        TestServer.Response unknown = app.server().login("enid_nobody", PASSWORD + "?");
        TestServer.Response unknownRightPassword = app.server().login("enid_nobody", PASSWORD);
        Answers.assertError(wrong, 400, "invalid_grant");
        assertSameAnswer(unknown, wrong);
        assertThat(unknownRightPassword.body()).isEqualTo(wrong.body());
        // Case variants of the existing name are the same account, not another "unknown" answer.
        assertThat(app.server().login("ENID", PASSWORD + "?").body()).isEqualTo(wrong.body());
    }

    @Test
    void loginWhenAccountHasNoPasswordThenIdenticalToWrongPassword() {
        TestServer.Response wrong = app.server().login("enid", PASSWORD + "?");
        TestServer.Response passwordless = app.server().login("enid_nopw", PASSWORD + "?");
        TestServer.Response passwordlessOwnerPassword = app.server().login("enid_nopw", PASSWORD);
        Answers.assertError(wrong, 400, "invalid_grant");
        assertSameAnswer(passwordless, wrong);
        assertThat(passwordlessOwnerPassword.body()).isEqualTo(wrong.body());
    }

    @Test
    void signupWhenNameTakenThenOnlySignupRevealsIt() {
        // Sign-up must say a name is taken (409); login must not. This pins that the 409 is the only signal.
        Answers.assertError(app.server().postJson("/api/v1/signup",
                TestServer.json(java.util.Map.of("username", "ENID", "password", PASSWORD))), 409, "username_taken");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private long timeLogin(String username) {
        long start = System.nanoTime();
        TestServer.Response r = app.server().login(username, PASSWORD + "!");
        long elapsed = System.nanoTime() - start;
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return elapsed;
    }

    /**
     * Times wrong passwords for {@code enid} against logins as {@code other.apply(i)}, interleaved so that load
     * changes hit both alike, and checks that neither median is below half of the other.
     */
    private void assertTakesAboutAsLongAsWrongPassword(java.util.function.IntFunction<String> other, String what) {
        for (int i = 0; i < 3; i++) { // warm up both paths
            timeLogin("enid");
            timeLogin(other.apply(-1 - i));
        }
        List<Long> wrongPassword = new ArrayList<>();
        List<Long> others = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            wrongPassword.add(timeLogin("enid"));
            others.add(timeLogin(other.apply(i)));
        }
        long wrongMedian = median(wrongPassword);
        long otherMedian = median(others);
        String report = String.format("median wrong password %.1f ms, %s %.1f ms", wrongMedian / 1e6, what,
                otherMedian / 1e6);
        System.out.println(report);
        assertThat((double) otherMedian).as(report).isGreaterThanOrEqualTo(0.5 * wrongMedian);
        assertThat((double) wrongMedian).as(report).isGreaterThanOrEqualTo(0.5 * otherMedian);
    }

    @Test
    void loginWhenUnknownUserThenTakesAboutAsLongAsWrongPassword() {
        assertTakesAboutAsLongAsWrongPassword(i -> (i < 0 ? "enid_ghost_" : "enid_unknown_") + Math.abs(i),
                "unknown user");
    }

    @Test
    void loginWhenAccountHasNoPasswordThenTakesAboutAsLongAsWrongPassword() {
        assertTakesAboutAsLongAsWrongPassword(i -> "enid_nopw", "account without password");
    }
}
