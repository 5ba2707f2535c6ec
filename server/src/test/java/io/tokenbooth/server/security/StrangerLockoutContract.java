package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * No lockout by strangers (issue 15 defect 3; checklist item 41; decisions.md "Issue 15"): failed logins are
 * throttled per source and username, so a stranger's failures never keep the owner out from another source; a
 * guesser spread over many sources makes the username wait for every source that has not signed in to it before,
 * while the owner's known source still gets in. Sources are X-Forwarded-For values (the server trusts the header
 * here); an IPv6 /64 is one source. Run once per database by the H2 and PostgreSQL subclasses, since the counters
 * live there.
 */
abstract class StrangerLockoutContract {
    static final int FREE_PER_SOURCE = 3;
    static final int FREE_PER_USERNAME = 6;
    private static final String PASSWORD = "lantern-orchid-basalt-47";
    private static final String WRONG = "lantern-orchid-basalt-48";

    private final RunningServer app;

    StrangerLockoutContract(RunningServer app) {
        this.app = app;
    }

    static RunningServer running(TestDatabase.Kind kind) {
        return RunningServer.on(kind)
                .set("http.trust-forwarded-for", "true")
                .set("rate-limit.login-per-ip", "0")
                .set("rate-limit.account-free-failures", Integer.toString(FREE_PER_SOURCE))
                .set("rate-limit.username-free-failures", Integer.toString(FREE_PER_USERNAME))
                .set("rate-limit.account-base-delay", "1s")
                .set("rate-limit.account-max-delay", "15m");
    }

    private static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new account with {@link #PASSWORD}; returns its username. */
    private String newAccount(String prefix) {
        String name = uniqueName(prefix);
        app.server().signup(name, PASSWORD);
        return name;
    }

    private static TestServer.Response login(TestServer s, String username, String password, String source) {
        return s.postJson("/api/v1/login", TestServer.json(Map.of("username", username, "password", password)),
                "X-Forwarded-For", source);
    }

    private TestServer.Response login(String username, String password, String source) {
        return login(app.server(), username, password, source);
    }

    private void assertSignedIn(TestServer.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("access_token")).isNotBlank();
    }

    private static TestServer.Response assertThrottled(TestServer.Response r) {
        Answers.assertError(r, 429, null);
        assertThat(Long.parseLong(r.header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + r))))
                .isGreaterThanOrEqualTo(1);
        assertThat(r.body()).doesNotContain("access_token");
        return r;
    }

    /** {@code times} wrong passwords from {@code source}; each answers 400 or, once the source waits, 429. */
    private void attack(String username, String source, int times) {
        for (int i = 0; i < times; i++) {
            TestServer.Response r = login(username, WRONG, source);
            assertThat(r.status()).as(r.toString()).isIn(400, 429);
        }
    }

    /** {@code times} wrong passwords, the i-th (from 1) from {@code source.apply(i)}, each answered 400. */
    private void failFreely(String username, IntFunction<String> source, int times) {
        for (int i = 1; i <= times; i++) {
            Answers.assertError(login(username, WRONG, source.apply(i)), 400, "invalid_grant");
        }
    }

    @Test
    void loginWhenOneAddressFailsManyTimesThenRightPasswordFromAnotherAddressSucceeds() {
        String owner = newAccount("lock_other");
        attack(owner, "198.51.100.7", 20);
        assertSignedIn(login(owner, PASSWORD, "203.0.113.5"));
    }

    @Test
    void loginWhenOneAddressUsedItsFreeFailuresThenThatAddressGets429EvenWithRightPassword() {
        String owner = newAccount("lock_self");
        failFreely(owner, i -> "198.51.100.8", FREE_PER_SOURCE);
        assertThrottled(login(owner, PASSWORD, "198.51.100.8"));
        assertThrottled(login(owner, WRONG, "198.51.100.8"));
        assertSignedIn(login(owner, PASSWORD, "203.0.113.6"));
    }

    @Test
    void loginWhenOneAddressKeepsFailingForHoursThenOwnerFromANewAddressStillSignsIn() {
        // One source never adds more than its free failures to the username's count, however long it goes on.
        String owner = newAccount("lock_long");
        for (int round = 0; round < 12; round++) {
            attack(owner, "198.51.100.9", 2);
            app.server().clock.advance(Duration.ofMinutes(16));
        }
        attack(owner, "198.51.100.9", 2);
        assertThrottled(login(owner, PASSWORD, "198.51.100.9"));
        assertSignedIn(login(owner, PASSWORD, "203.0.113.7"));
    }

    @Test
    void loginWhenFailuresSpreadOverManyAddressesThenNewAddressesWaitButTheOwnersKnownAddressSignsIn() {
        String owner = newAccount("lock_spread");
        assertSignedIn(login(owner, PASSWORD, "203.0.113.10")); // the owner's usual address, proven by this sign-in
        failFreely(owner, i -> "198.51.100." + (100 + i), FREE_PER_USERNAME);
        // Enough failures for the username: a source that never signed in to it waits, even with the right password.
        assertThrottled(login(owner, WRONG, "198.51.100.200"));
        assertThrottled(login(owner, PASSWORD, "198.51.100.201"));
        assertThrottled(login(owner, PASSWORD, "2001:db8:77::1"));
        // The owner's known address is not held up.
        assertSignedIn(login(owner, PASSWORD, "203.0.113.10"));
        // Once the delay has passed a new source may try again (and a failure doubles the delay).
        app.server().clock.advance(Duration.ofMillis(1100));
        Answers.assertError(login(owner, WRONG, "198.51.100.202"), 400, "invalid_grant");
        assertThrottled(login(owner, PASSWORD, "198.51.100.203"));
        app.server().clock.advance(Duration.ofMillis(2100));
        assertSignedIn(login(owner, PASSWORD, "198.51.100.204"));
    }

    @Test
    void loginWhenUnknownUsernameAttackedFromManyAddressesThenSameAnswersAsForAnAccount() {
        String owner = newAccount("lock_known");
        String nobody = uniqueName("lock_nobody");
        failFreely(owner, i -> "198.51.101." + i, FREE_PER_USERNAME);
        failFreely(nobody, i -> "198.51.102." + i, FREE_PER_USERNAME);
        TestServer.Response known = assertThrottled(login(owner, PASSWORD, "198.51.103.1"));
        TestServer.Response unknown = assertThrottled(login(nobody, PASSWORD, "198.51.103.1"));
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(unknown.header("Retry-After")).isEqualTo(known.header("Retry-After"));
    }

    @Test
    void loginWhenIpv6AddressesRotateWithinOne64ThenTheyCountAsOneSource() {
        String owner = newAccount("lock_v6");
        failFreely(owner, i -> "2001:db8:1:2::" + Integer.toHexString(i), FREE_PER_SOURCE);
        assertThrottled(login(owner, PASSWORD, "2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertThrottled(login(owner, PASSWORD, "[2001:0db8:0001:0002::ff]"));
        assertSignedIn(login(owner, PASSWORD, "2001:db8:1:3::1"));
    }

    @Test
    void loginWhenOneAddressFailsOnOneNodeThenItWaitsOnAnotherNodeButTheOwnerDoesNot() {
        String owner = newAccount("lock_nodes");
        try (TestServer other = app.secondNode().clock(app.server().clock).start()) {
            attack(owner, "198.51.100.11", FREE_PER_SOURCE);
            assertThrottled(login(other, owner, PASSWORD, "198.51.100.11"));
            assertSignedIn(login(other, owner, PASSWORD, "203.0.113.11"));
        }
    }
}
