package io.tokenbooth.server.authn.password;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.JdbcAccountStore;
import io.tokenbooth.server.account.SignInMethod;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.account.password.HashingBulkhead;
import io.tokenbooth.server.account.password.PasswordHasher;
import io.tokenbooth.server.authn.AuthnOutcome;
import io.tokenbooth.server.authn.AuthnOutcome.Authenticated;
import io.tokenbooth.server.authn.AuthnOutcome.Failed;
import io.tokenbooth.server.authn.AuthnOutcome.Failure;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each outcome of the password authenticator, on a real H2 database with the real throttle store, hasher and
 * bulkhead. The hasher is the real one, observed: every Argon2 verification it runs (real or dummy) is recorded with
 * its parameters, so "the same work" is counted, not timed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordAuthenticatorTest {
    private static final String PASSWORD = "quartz-meadow-violin-17";
    private static final String SOURCE = "198.51.100.7";
    private static final int FREE_FAILURES = 3;

    /** The real hasher (cheap Argon2id parameters), recording the parameter part of each hash it verifies against. */
    private static final class ObservedHasher extends PasswordHasher {
        final List<String> verified = Collections.synchronizedList(new ArrayList<>());

        ObservedHasher() {
            super(64, 1, 1);
        }

        @Override
        public boolean verify(String password, String encoded) {
            // "$argon2id$v=19$m=64,t=1,p=1$salt$tag" → "$argon2id$v=19$m=64,t=1,p=1"
            String[] parts = encoded.split("\\$");
            verified.add("$" + parts[1] + "$" + parts[2] + "$" + parts[3]);
            return super.verify(password, encoded);
        }
    }

    private TestDatabase testDb;
    private Database db;
    private JdbcAccountStore accounts;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final ObservedHasher hasher = new ObservedHasher();
    private HashingBulkhead bulkhead;

    @BeforeAll
    void open() {
        testDb = TestDatabase.create(TestDatabase.Kind.H2);
        TokenboothConfig config = ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty());
        db = Database.open(config.database());
        db.migrate();
        accounts = new JdbcAccountStore(db);
        bulkhead = new HashingBulkhead(1, 8);
    }

    @AfterAll
    void close() {
        bulkhead.close();
        db.close();
        testDb.close();
    }

    @BeforeEach
    void forget() {
        hasher.verified.clear();
    }

    private PasswordAuthenticator authenticator(int loginPerIp) {
        return authenticator(loginPerIp, bulkhead);
    }

    private PasswordAuthenticator authenticator(int loginPerIp, HashingBulkhead bulkhead) {
        return new PasswordAuthenticator(accounts, new JdbcLoginThrottleStore(db), hasher, bulkhead,
                new TokenboothConfig.RateLimits(loginPerIp, 100, 100, FREE_FAILURES, Duration.ofSeconds(1),
                        Duration.ofMinutes(15), 10, Duration.ofDays(30), 0), clock);
    }

    private PasswordAuthenticator authenticator() {
        return authenticator(1000);
    }

    private String account(Optional<String> password, boolean disabled) {
        String name = "pa_" + UUID.randomUUID().toString().substring(0, 8);
        accounts.create(new Account(UUID.randomUUID().toString(), name, Optional.empty(), password.map(hasher::hash),
                disabled, clock.instant()), new UsernamePolicy().validate(name));
        return name;
    }

    private String account() {
        return account(Optional.of(PASSWORD), false);
    }

    private static Failed failed(AuthnOutcome outcome) {
        assertThat(outcome).isInstanceOf(Failed.class);
        return (Failed) outcome;
    }

    @Test
    void methodIsPassword() {
        assertThat(authenticator().method()).isEqualTo(SignInMethod.PASSWORD);
    }

    @Test
    void authenticateWhenPasswordRightThenAuthenticatedWithPwdSingleFactorAndNow() {
        String name = account();
        AuthnOutcome outcome = authenticator().authenticate(new PasswordCredentials(name.toUpperCase(), PASSWORD), SOURCE);
        assertThat(outcome).isInstanceOf(Authenticated.class);
        Authenticated a = (Authenticated) outcome;
        assertThat(a.account().username()).isEqualTo(name);
        assertThat(a.amr()).containsExactly("pwd");
        assertThat(a.acr()).isEqualTo("1");
        assertThat(a.authTime()).isEqualTo(clock.instant());
    }

    @Test
    void authenticateWhenPasswordWrongThenWrongCredentialsWithoutRetryAfter() {
        Failed f = failed(authenticator().authenticate(new PasswordCredentials(account(), PASSWORD + "x"), SOURCE));
        assertThat(f.reason()).isEqualTo(Failure.WRONG_CREDENTIALS);
        assertThat(f.retryAfter()).isEmpty();
    }

    @Test
    void authenticateWhenAccountHasNoPasswordThenWrongCredentialsAfterTheSameHashingWork() {
        String withPassword = account();
        String without = account(Optional.empty(), false);
        PasswordAuthenticator authn = authenticator();

        Failed wrong = failed(authn.authenticate(new PasswordCredentials(withPassword, PASSWORD + "x"), SOURCE));
        List<String> wrongWork = List.copyOf(hasher.verified);
        hasher.verified.clear();
        Failed passwordless = failed(authn.authenticate(new PasswordCredentials(without, PASSWORD), SOURCE));
        List<String> passwordlessWork = List.copyOf(hasher.verified);

        assertThat(passwordless).isEqualTo(wrong);
        // One Argon2id verification each, with the same parameters: the dummy hash stands in for the missing one.
        assertThat(wrongWork).containsExactly("$argon2id$v=19$m=64,t=1,p=1");
        assertThat(passwordlessWork).isEqualTo(wrongWork);
    }

    @Test
    void authenticateWhenUsernameUnknownThenWrongCredentialsAfterTheSameHashingWork() {
        Failed f = failed(authenticator().authenticate(new PasswordCredentials("nobody_" + UUID.randomUUID()
                .toString().substring(0, 8), PASSWORD), SOURCE));
        assertThat(f.reason()).isEqualTo(Failure.WRONG_CREDENTIALS);
        assertThat(hasher.verified).containsExactly("$argon2id$v=19$m=64,t=1,p=1");
    }

    @Test
    void authenticateWhenUsernameLongerThanAnyKeyThenWrongCredentialsAfterTheSameHashingWork() {
        Failed f = failed(authenticator().authenticate(new PasswordCredentials("x".repeat(300), PASSWORD), SOURCE));
        assertThat(f.reason()).isEqualTo(Failure.WRONG_CREDENTIALS);
        assertThat(hasher.verified).containsExactly("$argon2id$v=19$m=64,t=1,p=1");
    }

    @Test
    void authenticateWhenFailuresOnPasswordlessAccountThenThrottledLikeWrongPasswords() {
        String withPassword = account();
        String without = account(Optional.empty(), false);
        PasswordAuthenticator authn = authenticator();
        List<Failure> wrong = new ArrayList<>();
        List<Failure> passwordless = new ArrayList<>();
        for (int i = 0; i <= FREE_FAILURES; i++) {
            wrong.add(failed(authn.authenticate(new PasswordCredentials(withPassword, "nope-" + i), SOURCE)).reason());
            passwordless.add(failed(authn.authenticate(new PasswordCredentials(without, "nope-" + i), SOURCE)).reason());
        }
        assertThat(wrong).containsExactly(Failure.WRONG_CREDENTIALS, Failure.WRONG_CREDENTIALS,
                Failure.WRONG_CREDENTIALS, Failure.THROTTLED);
        assertThat(passwordless).isEqualTo(wrong);
    }

    @Test
    void authenticateWhenThrottledThenThrottledWithRetryAfterEvenWithTheRightPassword() {
        String name = account();
        PasswordAuthenticator authn = authenticator();
        for (int i = 0; i < FREE_FAILURES; i++) {
            authn.authenticate(new PasswordCredentials(name, "nope-" + i), SOURCE);
        }
        hasher.verified.clear();
        Failed f = failed(authn.authenticate(new PasswordCredentials(name, PASSWORD), SOURCE));
        assertThat(f.reason()).isEqualTo(Failure.THROTTLED);
        assertThat(f.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(hasher.verified).as("no hashing while throttled").isEmpty();
        // Another source is not held up by this one's failures.
        assertThat(authn.authenticate(new PasswordCredentials(name, PASSWORD), "203.0.113.9"))
                .isInstanceOf(Authenticated.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(authn.authenticate(new PasswordCredentials(name, PASSWORD), SOURCE)).isInstanceOf(Authenticated.class);
    }

    @Test
    void authenticateWhenSourceBudgetSpentThenSourceLimitedWithRetryAfterBeforeAnyWork() {
        String name = account();
        PasswordAuthenticator authn = authenticator(2);
        String source = "192.0.2.44";
        authn.authenticate(new PasswordCredentials(name, PASSWORD), source);
        authn.authenticate(new PasswordCredentials(name, PASSWORD), source);
        hasher.verified.clear();
        Failed f = failed(authn.authenticate(new PasswordCredentials(name, PASSWORD), source));
        assertThat(f.reason()).isEqualTo(Failure.SOURCE_LIMITED);
        assertThat(f.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
        assertThat(hasher.verified).isEmpty();
    }

    @Test
    void authenticateWhenDisabledThenDisabledWithTheRightPasswordOnly() {
        String name = account(Optional.of(PASSWORD), true);
        PasswordAuthenticator authn = authenticator();
        assertThat(failed(authn.authenticate(new PasswordCredentials(name, PASSWORD), SOURCE)).reason())
                .isEqualTo(Failure.DISABLED);
        assertThat(failed(authn.authenticate(new PasswordCredentials(name, PASSWORD + "x"), SOURCE)).reason())
                .isEqualTo(Failure.WRONG_CREDENTIALS);
    }

    @Test
    void authenticateWhenUsernameOrPasswordMissingThenMissingInput() {
        PasswordAuthenticator authn = authenticator();
        assertThat(failed(authn.authenticate(new PasswordCredentials(null, PASSWORD), SOURCE)).reason())
                .isEqualTo(Failure.MISSING_INPUT);
        assertThat(failed(authn.authenticate(new PasswordCredentials(account(), null), SOURCE)).reason())
                .isEqualTo(Failure.MISSING_INPUT);
        assertThat(hasher.verified).isEmpty();
    }

    @Test
    void authenticateWhenHashingSaturatedThenBusyWithRetryAfter() throws Exception {
        String name = account();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        // One thread and no queue: holding the thread saturates it.
        HashingBulkhead full = new HashingBulkhead(1, 0);
        try {
            Future<Object> holder = other.submit(() -> full.run(() -> release.await(10, TimeUnit.SECONDS)));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> full.active() == 1);
            Failed f = failed(authenticator(1000, full).authenticate(new PasswordCredentials(name, PASSWORD), SOURCE));
            assertThat(f.reason()).isEqualTo(Failure.BUSY);
            assertThat(f.retryAfter()).contains(Duration.ofSeconds(2));
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            other.shutdownNow();
            full.close();
        }
    }
}
