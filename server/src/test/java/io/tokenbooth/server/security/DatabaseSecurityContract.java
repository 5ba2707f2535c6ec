package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Security behaviour that lives in the database, run once per database by the H2 and PostgreSQL subclasses: the
 * per-username login throttle (decisions.md "Throttling"; checklist item 20) and column widths meeting the input
 * limits. After {@value #FREE} failures every attempt waits, 1 s at first, doubling; each test uses its own
 * usernames, and tests that move the shared clock only move it forward.
 */
abstract class DatabaseSecurityContract {
    static final int FREE = 3;
    private static final String PASSWORD = "quartz-meadow-falcon-31";
    private static final String WRONG = "quartz-meadow-falcon-32";

    /** The server on the subclass's database kind, registered there as a static {@code @RegisterExtension}. */
    private final RunningServer app;

    DatabaseSecurityContract(RunningServer app) {
        this.app = app;
    }

    /** A server on a database of {@code kind}, configured as these tests need; each subclass registers one. */
    static RunningServer running(TestDatabase.Kind kind) {
        return RunningServer.on(kind)
                .set("rate-limit.account-free-failures", Integer.toString(FREE))
                .set("rate-limit.account-base-delay", "1s")
                .set("rate-limit.account-max-delay", "15m");
    }

    private static long retryAfter(TestServer.Response r) {
        return Long.parseLong(r.header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + r)));
    }

    private void failFreely(TestServer s, String username, int times) {
        for (int i = 0; i < times; i++) {
            Answers.assertError(s.login(username, WRONG), 400, "invalid_grant");
        }
    }

    private TestServer.Response assertThrottled(TestServer.Response r, long expectedRetryAfter) {
        Answers.assertError(r, 429, null);
        assertThat(retryAfter(r)).as(r.toString()).isGreaterThanOrEqualTo(1).isEqualTo(expectedRetryAfter);
        assertThat(r.body()).doesNotContain("access_token");
        return r;
    }

    // ---- per-username throttle ---------------------------------------------------------------------------------

    @Test
    void loginWhenOneFailureShortOfFreeThenRightPasswordStillWorks() {
        app.server().signup("tara_free", PASSWORD);
        failFreely(app.server(), "tara_free", FREE - 1);
        assertThat(app.server().login("tara_free", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenFreeFailuresUsedThenNextAttemptEvenWithRightPasswordGets429WithRetryAfter() {
        // docs/api.md: after rate-limit.account-free-failures failures, each further attempt must wait, even with the
        // right password.
        app.server().signup("tara_lock", PASSWORD);
        failFreely(app.server(), "tara_lock", FREE);
        assertThrottled(app.server().login("tara_lock", PASSWORD), 1);
        assertThrottled(app.server().login("tara_lock", WRONG), 1);
    }

    @Test
    void loginWhenDelayPassedThenRightPasswordWorksAndResetsCounter() {
        app.server().signup("tara_reset", PASSWORD);
        failFreely(app.server(), "tara_reset", FREE);
        assertThrottled(app.server().login("tara_reset", PASSWORD), 1);
        app.server().clock.advance(Duration.ofMillis(1100));
        TestServer.Response ok = app.server().login("tara_reset", PASSWORD);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        // Reset: the free failures are free again (without a reset the next failure would lock for 2 s).
        failFreely(app.server(), "tara_reset", FREE - 1);
        assertThat(app.server().login("tara_reset", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenFailingAgainAfterDelayThenDelayDoubles() {
        app.server().signup("tara_double", PASSWORD);
        failFreely(app.server(), "tara_double", FREE);
        assertThrottled(app.server().login("tara_double", PASSWORD), 1);
        app.server().clock.advance(Duration.ofMillis(1100));
        failFreely(app.server(), "tara_double", 1);
        assertThrottled(app.server().login("tara_double", PASSWORD), 2);
        app.server().clock.advance(Duration.ofMillis(1100));
        assertThrottled(app.server().login("tara_double", PASSWORD), 1);
        app.server().clock.advance(Duration.ofMillis(1000));
        assertThat(app.server().login("tara_double", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenThrottledAttemptsRepeatThenTheyDoNotExtendTheDelay() {
        app.server().signup("tara_spam", PASSWORD);
        failFreely(app.server(), "tara_spam", FREE);
        for (int i = 0; i < 8; i++) {
            assertThrottled(app.server().login("tara_spam", WRONG), 1);
        }
        app.server().clock.advance(Duration.ofMillis(1100));
        assertThat(app.server().login("tara_spam", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenUnknownUsernameThenThrottledAlike() {
        app.server().signup("tara_known", PASSWORD);
        failFreely(app.server(), "tara_known", FREE);
        failFreely(app.server(), "tara_unknown", FREE);
        TestServer.Response known = assertThrottled(app.server().login("tara_known", PASSWORD), 1);
        TestServer.Response unknown = assertThrottled(app.server().login("tara_unknown", PASSWORD), 1);
        assertThat(unknown.body()).isEqualTo(known.body());
        app.server().clock.advance(Duration.ofMillis(1100));
        Answers.assertError(app.server().login("tara_unknown", PASSWORD), 400, "invalid_grant");
        assertThat(app.server().login("tara_known", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenFailuresSpreadOverCaseWidthAndIgnorableVariantsThenOneCounter() {
        app.server().signup("ivanka", PASSWORD);
        Answers.assertError(app.server().login("IVANKA", WRONG), 400, "invalid_grant");
        String fullwidth = "\uFF49\uFF56\uFF41\uFF4E\uFF4B\uFF41"; // ｉｖａｎｋａ
        Answers.assertError(app.server().login(fullwidth, WRONG), 400, "invalid_grant");
        Answers.assertError(app.server().login("iva\u200Dnka", WRONG), 400, "invalid_grant");
        assertThrottled(app.server().login("ivanka", PASSWORD), 1);
    }

    @Test
    void loginWhenConcurrentWrongPasswordsThenNoServerErrorAndAccountLocked() throws Exception {
        app.server().signup("tara_burst", PASSWORD);
        int racers = 12;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return app.server().login("tara_burst", WRONG);
                }));
            }
            go.countDown();
            for (Future<TestServer.Response> f : futures) {
                TestServer.Response r = f.get();
                assertThat(r.status()).as(r.toString()).isIn(400, 429);
                Answers.assertError(r, r.status(), r.status() == 400 ? "invalid_grant" : null);
            }
        }
        // However the racers interleaved, at least FREE failures were counted, so the right password is refused.
        TestServer.Response after = app.server().login("tara_burst", PASSWORD);
        Answers.assertError(after, 429, null);
    }

    @Test
    void loginWhenFailuresOnOneNodeThenAnotherNodeOnSameDatabaseIsThrottledToo() {
        app.server().signup("tara_nodes", PASSWORD);
        try (TestServer other = app.secondNode().clock(app.server().clock).start()) {
            failFreely(app.server(), "tara_nodes", FREE);
            assertThrottled(other.login("tara_nodes", PASSWORD), 1);
        }
    }

    // ---- column widths against the input limits ----------------------------------------------------------------

    @Test
    void loginWhenUsernameLongerThanThrottleColumnThen400NotServerError() {
        for (int length : new int[] {256, 257, 1000}) {
            Answers.assertError(app.server().login("w".repeat(length), WRONG), 400, "invalid_grant");
        }
        // 360 chars after NFKC
        Answers.assertError(app.server().login("\uFDFA".repeat(20), WRONG), 400, "invalid_grant");
    }

    @Test
    void signupWhen64AstralLettersThen201AndLoginWorks() {
        // 64 code points (the documented maximum) but 128 UTF-16 units: every column must hold it.
        String name = Character.toString(0x20000).repeat(63) + Character.toString(0x20001);
        TestServer.Response r = app.server().postJson("/api/v1/signup",
                TestServer.json(java.util.Map.of("username", name, "password", PASSWORD)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(app.server().login(name, PASSWORD).status()).isEqualTo(200);
    }
}
