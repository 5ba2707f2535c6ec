package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Security behaviour that lives in the database, run once per database by the H2 and PostgreSQL subclasses: the
 * per-username login throttle (decisions.md "Throttling"; checklist item 20) and column widths meeting the input
 * limits. After {@value #FREE} failures every attempt waits, 1 s at first, doubling; each test uses its own
 * usernames, and tests that move the shared clock only move it forward.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseSecurityContract {
    static final int FREE = 3;
    private static final String PASSWORD = "quartz-meadow-falcon-31";
    private static final String WRONG = "quartz-meadow-falcon-32";

    protected TestDatabase db;
    protected TestServer server;

    protected abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        db = TestDatabase.create(kind());
        server = configured(TestServer.builder(db)).start();
    }

    private static TestServer.Builder configured(TestServer.Builder b) {
        return b.set("rate-limit.account-free-failures", Integer.toString(FREE))
                .set("rate-limit.account-base-delay", "1s")
                .set("rate-limit.account-max-delay", "15m");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
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
        server.signup("tara_free", PASSWORD);
        failFreely(server, "tara_free", FREE - 1);
        assertThat(server.login("tara_free", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenFreeFailuresUsedThenNextAttemptEvenWithRightPasswordGets429WithRetryAfter() {
        // docs/api.md: after rate-limit.account-free-failures failures, each further attempt must wait, even with the
        // right password.
        server.signup("tara_lock", PASSWORD);
        failFreely(server, "tara_lock", FREE);
        assertThrottled(server.login("tara_lock", PASSWORD), 1);
        assertThrottled(server.login("tara_lock", WRONG), 1);
    }

    @Test
    void loginWhenDelayPassedThenRightPasswordWorksAndResetsCounter() {
        server.signup("tara_reset", PASSWORD);
        failFreely(server, "tara_reset", FREE);
        assertThrottled(server.login("tara_reset", PASSWORD), 1);
        server.clock.advance(Duration.ofMillis(1100));
        TestServer.Response ok = server.login("tara_reset", PASSWORD);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        // Reset: the free failures are free again (without a reset the next failure would lock for 2 s).
        failFreely(server, "tara_reset", FREE - 1);
        assertThat(server.login("tara_reset", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenFailingAgainAfterDelayThenDelayDoubles() {
        server.signup("tara_double", PASSWORD);
        failFreely(server, "tara_double", FREE);
        assertThrottled(server.login("tara_double", PASSWORD), 1);
        server.clock.advance(Duration.ofMillis(1100));
        failFreely(server, "tara_double", 1);
        assertThrottled(server.login("tara_double", PASSWORD), 2);
        server.clock.advance(Duration.ofMillis(1100));
        assertThrottled(server.login("tara_double", PASSWORD), 1);
        server.clock.advance(Duration.ofMillis(1000));
        assertThat(server.login("tara_double", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenThrottledAttemptsRepeatThenTheyDoNotExtendTheDelay() {
        server.signup("tara_spam", PASSWORD);
        failFreely(server, "tara_spam", FREE);
        for (int i = 0; i < 8; i++) {
            assertThrottled(server.login("tara_spam", WRONG), 1);
        }
        server.clock.advance(Duration.ofMillis(1100));
        assertThat(server.login("tara_spam", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenUnknownUsernameThenThrottledAlike() {
        server.signup("tara_known", PASSWORD);
        failFreely(server, "tara_known", FREE);
        failFreely(server, "tara_unknown", FREE);
        TestServer.Response known = assertThrottled(server.login("tara_known", PASSWORD), 1);
        TestServer.Response unknown = assertThrottled(server.login("tara_unknown", PASSWORD), 1);
        assertThat(unknown.body()).isEqualTo(known.body());
        server.clock.advance(Duration.ofMillis(1100));
        Answers.assertError(server.login("tara_unknown", PASSWORD), 400, "invalid_grant");
        assertThat(server.login("tara_known", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenFailuresSpreadOverCaseWidthAndIgnorableVariantsThenOneCounter() {
        server.signup("ivanka", PASSWORD);
        Answers.assertError(server.login("IVANKA", WRONG), 400, "invalid_grant");
        String fullwidth = "\uFF49\uFF56\uFF41\uFF4E\uFF4B\uFF41"; // ｉｖａｎｋａ
        Answers.assertError(server.login(fullwidth, WRONG), 400, "invalid_grant");
        Answers.assertError(server.login("iva\u200Dnka", WRONG), 400, "invalid_grant");
        assertThrottled(server.login("ivanka", PASSWORD), 1);
    }

    @Test
    void loginWhenConcurrentWrongPasswordsThenNoServerErrorAndAccountLocked() throws Exception {
        server.signup("tara_burst", PASSWORD);
        int racers = 12;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return server.login("tara_burst", WRONG);
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
        TestServer.Response after = server.login("tara_burst", PASSWORD);
        Answers.assertError(after, 429, null);
    }

    @Test
    void loginWhenFailuresOnOneNodeThenAnotherNodeOnSameDatabaseIsThrottledToo() {
        server.signup("tara_nodes", PASSWORD);
        try (TestServer other = configured(TestServer.builder(db)).clock(server.clock).start()) {
            failFreely(server, "tara_nodes", FREE);
            assertThrottled(other.login("tara_nodes", PASSWORD), 1);
        }
    }

    // ---- column widths against the input limits ----------------------------------------------------------------

    @Test
    void loginWhenUsernameLongerThanThrottleColumnThen400NotServerError() {
        for (int length : new int[] {256, 257, 1000}) {
            Answers.assertError(server.login("w".repeat(length), WRONG), 400, "invalid_grant");
        }
        Answers.assertError(server.login("\uFDFA".repeat(20), WRONG), 400, "invalid_grant"); // 360 chars after NFKC
    }

    @Test
    void signupWhen64AstralLettersThen201AndLoginWorks() {
        // 64 code points (the documented maximum) but 128 UTF-16 units: every column must hold it.
        String name = Character.toString(0x20000).repeat(63) + Character.toString(0x20001);
        TestServer.Response r = server.postJson("/api/v1/signup",
                TestServer.json(java.util.Map.of("username", name, "password", PASSWORD)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(server.login(name, PASSWORD).status()).isEqualTo(200);
    }
}
