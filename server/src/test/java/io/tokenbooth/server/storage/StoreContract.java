package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.AccountStore;
import io.tokenbooth.server.account.JdbcAccountStore;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.authn.password.FailureDelay;
import io.tokenbooth.server.authn.password.JdbcLoginThrottleStore;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.keys.JdbcSigningKeyStore;
import io.tokenbooth.server.keys.StoredKey;
import io.tokenbooth.server.testing.Race;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.token.refresh.JdbcRefreshTokenStore;
import io.tokenbooth.server.token.refresh.RefreshFamily;
import io.tokenbooth.server.token.refresh.RefreshTokenState;
import io.tokenbooth.server.token.refresh.RotationOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The guarantees the store interfaces document, checked on each database (see the H2 and PostgreSQL subclasses). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String FIRST_PARTY = "first-party";
    private TestDatabase testDb;
    private Database db;
    private AccountStore accounts;
    private JdbcRefreshTokenStore refresh;
    private JdbcLoginThrottleStore throttle;
    private JdbcSigningKeyStore keys;

    protected abstract TestDatabase.Kind kind();

    @BeforeAll
    void open() {
        testDb = TestDatabase.create(kind());
        TokenboothConfig config = ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty());
        db = Database.open(config.database());
        db.migrate();
        accounts = new JdbcAccountStore(db);
        refresh = new JdbcRefreshTokenStore(db);
        throttle = new JdbcLoginThrottleStore(db);
        keys = new JdbcSigningKeyStore(db);
    }

    @AfterAll
    void close() {
        if (db != null) {
            db.close();
        }
        if (testDb != null) {
            testDb.close();
        }
    }

    private Account account(String name) {
        Account a = new Account(UUID.randomUUID().toString(), name, Optional.empty(), "$argon2id$x", false, T0);
        accounts.create(a, new UsernamePolicy().validate(name));
        return a;
    }

    private static String uniqueName() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private RefreshFamily family(Account a) {
        return new RefreshFamily(UUID.randomUUID().toString(), a.id(), "first-party", "api", T0, T0.plus(Duration.ofDays(30)));
    }

    private static String hash() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void accountWhenCreatedWithoutPasswordThenReadBackWithoutOneAndNoSignInMethod() {
        String name = uniqueName();
        Account a = new Account(UUID.randomUUID().toString(), name, Optional.empty(), Optional.empty(), false, T0);
        accounts.create(a, new UsernamePolicy().validate(name));
        Account read = accounts.findByKey(UsernamePolicy.key(name)).orElseThrow();
        assertThat(read.passwordHash()).isEmpty();
        assertThat(read.signInMethods()).isEmpty();
        assertThat(accounts.updatePasswordHash(a.id(), "$argon2id$y", T0)).isTrue();
        assertThat(accounts.findById(a.id()).orElseThrow().signInMethods())
                .containsExactly(io.tokenbooth.server.account.SignInMethod.PASSWORD);
    }

    @Test
    void accountCreateWhenKeyOrSkeletonTakenThenUsernameTaken() {
        String name = uniqueName();
        account(name);
        assertThatThrownBy(() -> account(name.toUpperCase())).isInstanceOf(AccountStore.UsernameTakenException.class);
        assertThat(accounts.findByKey(UsernamePolicy.key(name.toUpperCase()))).isPresent();
    }

    @Test
    void accountUpdatesWhenUnknownIdThenFalse() {
        assertThat(accounts.updatePasswordHash("nope", "$x", T0)).isFalse();
        assertThat(accounts.setDisabled("nope", true, T0)).isFalse();
    }

    @Test
    void rotateWhenCurrentThenSpentAndReplacementWorks() {
        Account a = account(uniqueName());
        RefreshFamily f = family(a);
        String first = hash();
        String second = hash();
        String third = hash();
        refresh.createFamily(f, first, T0.plus(Duration.ofDays(14)));
        Instant t1 = T0.plusSeconds(60);
        assertThat(refresh.rotate(first, second, t1, t1.plus(Duration.ofDays(14)), FIRST_PARTY)).isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(refresh.rotate(second, third, t1, t1.plus(Duration.ofDays(14)), FIRST_PARTY)).isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void rotateWhenSpentThenReusedAndFamilyRevoked() {
        Account a = account(uniqueName());
        String first = hash();
        String second = hash();
        refresh.createFamily(family(a), first, T0.plus(Duration.ofDays(14)));
        refresh.rotate(first, second, T0, T0.plus(Duration.ofDays(14)), FIRST_PARTY);
        assertThat(refresh.rotate(first, hash(), T0, T0.plus(Duration.ofDays(14)), FIRST_PARTY)).isInstanceOf(RotationOutcome.Reused.class);
        assertThat(refresh.rotate(second, hash(), T0, T0.plus(Duration.ofDays(14)), FIRST_PARTY))
                .isEqualTo(new RotationOutcome.Ended("revoked"));
    }

    @Test
    void rotateWhenIdleOrAbsoluteExpiredThenEndedAndNothingSpent() {
        Account a = account(uniqueName());
        String idle = hash();
        refresh.createFamily(family(a), idle, T0.plus(Duration.ofDays(1)));
        Instant late = T0.plus(Duration.ofDays(2));
        assertThat(refresh.rotate(idle, hash(), late, late.plus(Duration.ofDays(14)), FIRST_PARTY)).isEqualTo(new RotationOutcome.Ended("expired"));

        String absolute = hash();
        refresh.createFamily(family(a), absolute, T0.plus(Duration.ofDays(90)));
        Instant afterAbsolute = T0.plus(Duration.ofDays(31));
        assertThat(refresh.rotate(absolute, hash(), afterAbsolute, afterAbsolute.plus(Duration.ofDays(14)), FIRST_PARTY))
                .isEqualTo(new RotationOutcome.Ended("expired"));
    }

    @Test
    void rotateWhenReplacementIdleBeyondAbsoluteThenCappedAtAbsolute() {
        Account a = account(uniqueName());
        RefreshFamily f = family(a);
        String first = hash();
        String second = hash();
        refresh.createFamily(f, first, T0.plus(Duration.ofDays(21)));
        Instant t = T0.plus(Duration.ofDays(20));
        assertThat(refresh.rotate(first, second, t, t.plus(Duration.ofDays(14)), FIRST_PARTY)).isInstanceOf(RotationOutcome.Rotated.class);
        Instant stored = db.inTransaction(c -> {
            try (var ps = c.prepareStatement("select idle_expires_at from refresh_tokens where token_hash = ?")) {
                ps.setString(1, second);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return Sql.getInstant(rs, "idle_expires_at");
                }
            }
        });
        assertThat(stored).isEqualTo(f.absoluteExpiresAt());
    }

    @Test
    void rotateWhenAccountDisabledThenEndedAndFamilyRevoked() {
        Account a = account(uniqueName());
        String token = hash();
        refresh.createFamily(family(a), token, T0.plus(Duration.ofDays(14)));
        accounts.setDisabled(a.id(), true, T0);
        assertThat(refresh.rotate(token, hash(), T0, T0.plus(Duration.ofDays(14)), FIRST_PARTY)).isEqualTo(new RotationOutcome.Ended("account disabled"));
        accounts.setDisabled(a.id(), false, T0);
        assertThat(refresh.rotate(token, hash(), T0, T0.plus(Duration.ofDays(14)), FIRST_PARTY)).isEqualTo(new RotationOutcome.Ended("revoked"));
    }

    @Test
    void rotateWhenUnknownThenUnknown() {
        assertThat(refresh.rotate(hash(), hash(), T0, T0, FIRST_PARTY)).isInstanceOf(RotationOutcome.Unknown.class);
    }

    @Test
    void rotateWhenManyConcurrentCallersWithoutGraceThenExactlyOneRotates() throws Exception {
        Account a = account(uniqueName());
        String token = hash();
        refresh.createFamily(family(a), token, T0.plus(Duration.ofDays(14)));
        int callers = 16;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RotationOutcome>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                Callable<RotationOutcome> c = () -> {
                    go.await();
                    return refresh.rotate(token, hash(), T0, T0.plus(Duration.ofDays(14)), FIRST_PARTY);
                };
                results.add(pool.submit(c));
            }
            go.countDown();
            List<RotationOutcome> outcomes = new ArrayList<>();
            for (Future<RotationOutcome> f : results) {
                outcomes.add(f.get());
            }
            assertThat(outcomes).filteredOn(o -> o instanceof RotationOutcome.Rotated).hasSize(1);
            assertThat(outcomes).allMatch(o -> o instanceof RotationOutcome.Rotated || o instanceof RotationOutcome.Reused
                    || o instanceof RotationOutcome.Ended);
        }
    }

    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Instant IDLE = T0.plus(Duration.ofDays(14));

    /** A token of {@code f} and the successor it was rotated into at T0. */
    private record Spent(String token, String successor) {
    }

    private Spent spentOnce(RefreshFamily f) {
        Spent spent = new Spent(hash(), hash());
        refresh.createFamily(f, spent.token(), IDLE);
        assertThat(refresh.rotate(spent.token(), spent.successor(), T0, IDLE, f.clientId(), GRACE))
                .isInstanceOf(RotationOutcome.Rotated.class);
        return spent;
    }

    @Test
    void rotateWhenSpentTokenRepeatedWithinGraceBySameClientThenRetriedAndSuccessorStaysCurrent() {
        RefreshFamily f = family(account(uniqueName()));
        Spent spent = spentOnce(f);
        Instant later = T0.plus(GRACE).minusMillis(1);
        assertThat(refresh.rotate(spent.token(), spent.successor(), later, IDLE, FIRST_PARTY, GRACE))
                .isEqualTo(new RotationOutcome.Retried(f, IDLE));
        assertThat(refresh.find(spent.successor())).hasValueSatisfying(s -> assertThat(s.activeAt(later)).isTrue());
        assertThat(refresh.rotate(spent.successor(), hash(), later, IDLE, FIRST_PARTY, GRACE))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void rotateWhenSpentTokenRepeatedAfterGraceThenReusedAndFamilyRevoked() {
        Spent spent = spentOnce(family(account(uniqueName())));
        assertThat(refresh.rotate(spent.token(), spent.successor(), T0.plus(GRACE), IDLE, FIRST_PARTY, GRACE))
                .isInstanceOf(RotationOutcome.Reused.class);
        assertThat(refresh.find(spent.successor()).orElseThrow().revoked()).isTrue();
    }

    @Test
    void rotateWhenSpentTokenPresentedByAnotherClientThenWrongClientAndFamilyKept() {
        Spent spent = spentOnce(new RefreshFamily(UUID.randomUUID().toString(), account(uniqueName()).id(), "client-a",
                "openid", T0, T0.plus(Duration.ofDays(30))));
        // Within the grace and after it: another client's presentation neither retries nor revokes (RFC 6749 §6).
        assertThat(refresh.rotate(spent.token(), spent.successor(), T0.plusSeconds(1), IDLE, "client-b", GRACE))
                .isInstanceOf(RotationOutcome.WrongClient.class);
        assertThat(refresh.rotate(spent.token(), spent.successor(), T0.plus(GRACE).plusSeconds(1), IDLE, "client-b", GRACE))
                .isInstanceOf(RotationOutcome.WrongClient.class);
        assertThat(refresh.find(spent.successor()).orElseThrow().revoked()).isFalse();
    }

    @Test
    void rotateWhenTokenTwoRotationsOldRepeatedWithinGraceThenReused() {
        Spent spent = spentOnce(family(account(uniqueName())));
        refresh.rotate(spent.successor(), hash(), T0, IDLE, FIRST_PARTY, GRACE);
        assertThat(refresh.rotate(spent.token(), spent.successor(), T0.plusSeconds(1), IDLE, FIRST_PARTY, GRACE))
                .isInstanceOf(RotationOutcome.Reused.class);
    }

    @Test
    void rotateWhenGraceZeroAndSpentTokenRepeatedAtOnceThenReused() {
        Spent spent = spentOnce(family(account(uniqueName())));
        assertThat(refresh.rotate(spent.token(), spent.successor(), T0, IDLE, FIRST_PARTY, Duration.ZERO))
                .isInstanceOf(RotationOutcome.Reused.class);
    }

    @Test
    void rotateWhenManyConcurrentCallersWithGraceThenOneRotatesAndEveryOtherRetries() throws Exception {
        Account a = account(uniqueName());
        String token = hash();
        String successor = hash();
        refresh.createFamily(family(a), token, IDLE);
        int callers = 16;
        List<RotationOutcome> outcomes = Race.of(callers, () -> refresh.rotate(token, successor, T0, IDLE, FIRST_PARTY, GRACE));
        assertThat(outcomes).filteredOn(o -> o instanceof RotationOutcome.Rotated).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof RotationOutcome.Retried).hasSize(callers - 1);
        assertThat(refresh.find(successor).orElseThrow().activeAt(T0)).isTrue();
    }

    @Test
    void rotateWhenRepeatArrivesWhileTheWinnersTransactionIsOpenThenWaitsAndRetries() throws Exception {
        Account a = account(uniqueName());
        RefreshFamily f = family(a);
        String token = hash();
        String successor = hash();
        refresh.createFamily(f, token, IDLE);
        CountDownLatch spent = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            // The winner, by hand: spends the token and inserts the successor, then holds its transaction open.
            Future<?> winner = pool.submit(() -> db.inTransaction(c -> {
                try (var ps = c.prepareStatement("update refresh_tokens set spent_at = ? where token_hash = ?")) {
                    Sql.setInstant(ps, 1, T0);
                    ps.setString(2, token);
                    ps.executeUpdate();
                }
                try (var ps = c.prepareStatement("insert into refresh_tokens (token_hash, family_id, issued_at, "
                        + "idle_expires_at) values (?, ?, ?, ?)")) {
                    ps.setString(1, successor);
                    ps.setString(2, f.id());
                    Sql.setInstant(ps, 3, T0);
                    Sql.setInstant(ps, 4, IDLE);
                    ps.executeUpdate();
                }
                spent.countDown();
                try {
                    commit.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            spent.await();
            Future<RotationOutcome> loser = pool.submit(() -> refresh.rotate(token, successor, T0, IDLE, FIRST_PARTY, GRACE));
            // Release the winner only once the loser waits on its row lock (the case under test).
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> loser.isDone() || sessionsWaitingOnALock() > 0);
            commit.countDown();
            winner.get();
            assertThat(loser.get()).isEqualTo(new RotationOutcome.Retried(f, IDLE));
        }
        assertThat(refresh.find(successor).orElseThrow().activeAt(T0)).isTrue();
    }

    /** Sessions blocked on another transaction's lock right now. */
    private long sessionsWaitingOnALock() {
        String sql = kind() == TestDatabase.Kind.POSTGRES
                ? "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                : "select count(*) from information_schema.sessions where blocker_id is not null";
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void rotateWhenPresentedForAnotherClientThenWrongClientAndNothingChanges() {
        Account a = account(uniqueName());
        String token = hash();
        RefreshFamily f = new RefreshFamily(UUID.randomUUID().toString(), a.id(), "client-a", "openid", T0,
                T0.plus(Duration.ofDays(30)));
        refresh.createFamily(f, token, T0.plus(Duration.ofDays(14)));
        assertThat(refresh.rotate(token, hash(), T0, T0.plus(Duration.ofDays(14)), "client-b"))
                .isInstanceOf(RotationOutcome.WrongClient.class);
        assertThat(refresh.rotate(token, hash(), T0, T0.plus(Duration.ofDays(14)), FIRST_PARTY))
                .isInstanceOf(RotationOutcome.WrongClient.class);
        assertThat(refresh.find(token)).hasValueSatisfying(s -> {
            assertThat(s.spent()).isFalse();
            assertThat(s.revoked()).isFalse();
        });
        assertThat(refresh.rotate(token, hash(), T0, T0.plus(Duration.ofDays(14)), "client-a"))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void createFamilyWhenDetailsThenFindReturnsThemAndState() {
        Account a = account(uniqueName());
        String token = hash();
        Instant authTime = T0.minusSeconds(30);
        RefreshFamily f = new RefreshFamily(UUID.randomUUID().toString(), a.id(), "client-a", "openid offline_access", T0,
                T0.plus(Duration.ofDays(30)), new RefreshFamily.Details(List.of("https://api.example.com", "https://b.example"),
                Optional.of(authTime), List.of("pwd")));
        refresh.createFamily(f, token, T0.plus(Duration.ofDays(14)));
        RefreshTokenState state = refresh.find(token).orElseThrow();
        assertThat(state.family()).isEqualTo(f);
        assertThat(state.issuedAt()).isEqualTo(T0);
        assertThat(state.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(14)));
        assertThat(state.activeAt(T0)).isTrue();
        assertThat(state.activeAt(T0.plus(Duration.ofDays(15)))).isFalse();
        // First-party families carry no details.
        String fp = hash();
        refresh.createFamily(family(a), fp, T0.plus(Duration.ofDays(14)));
        assertThat(refresh.find(fp).orElseThrow().family().details()).isEqualTo(RefreshFamily.Details.NONE);
        assertThat(refresh.find(hash())).isEmpty();
    }

    @Test
    void revokeFamilyWhenLiveThenTrueOnceAndTokensEnd() {
        Account a = account(uniqueName());
        RefreshFamily f = family(a);
        String token = hash();
        refresh.createFamily(f, token, T0.plus(Duration.ofDays(14)));
        assertThat(refresh.revokeFamily(f.id(), T0, "test")).isTrue();
        assertThat(refresh.revokeFamily(f.id(), T0, "test")).isFalse();
        assertThat(refresh.find(token).orElseThrow().revoked()).isTrue();
        assertThat(refresh.rotate(token, hash(), T0, T0, FIRST_PARTY)).isEqualTo(new RotationOutcome.Ended("revoked"));
    }

    @Test
    void revokeAllForAccountWhenCalledThenEveryFamilyEnds() {
        Account a = account(uniqueName());
        String one = hash();
        String two = hash();
        refresh.createFamily(family(a), one, T0.plus(Duration.ofDays(14)));
        refresh.createFamily(family(a), two, T0.plus(Duration.ofDays(14)));
        assertThat(refresh.revokeAllForAccount(a.id(), T0, "test")).isEqualTo(2);
        assertThat(refresh.rotate(one, hash(), T0, T0, FIRST_PARTY)).isEqualTo(new RotationOutcome.Ended("revoked"));
        assertThat(refresh.rotate(two, hash(), T0, T0, FIRST_PARTY)).isEqualTo(new RotationOutcome.Ended("revoked"));
    }

    private static final FailureDelay NEVER = new FailureDelay(100_000, Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void throttleWhenFailuresReachAllowanceThenDelayDoublesUpToMaxForThatSourceOnly() {
        String key = uniqueName();
        FailureDelay perSource = new FailureDelay(4, Duration.ofSeconds(1), Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.recordFailure(key, "198.51.100.1", T0, perSource, NEVER)).isEmpty();
        }
        assertThat(throttle.recordFailure(key, "198.51.100.1", T0, perSource, NEVER)).contains(T0.plusSeconds(1));
        assertThat(throttle.recordFailure(key, "198.51.100.1", T0, perSource, NEVER)).contains(T0.plusSeconds(2));
        assertThat(throttle.recordFailure(key, "198.51.100.1", T0, perSource, NEVER)).contains(T0.plusSeconds(4));
        assertThat(throttle.recordFailure(key, "198.51.100.1", T0, perSource, NEVER)).contains(T0.plusSeconds(5));
        assertThat(throttle.lockedUntil(key, "198.51.100.1", T0)).contains(T0.plusSeconds(5));
        assertThat(throttle.lockedUntil(key, "198.51.100.1", T0.plusSeconds(5))).isEmpty();
        assertThat(throttle.lockedUntil(key, "203.0.113.1", T0)).isEmpty();
        throttle.recordSuccess(key, "198.51.100.1", T0, T0.plus(Duration.ofDays(1)));
        assertThat(throttle.recordFailure(key, "198.51.100.1", T0, perSource, NEVER)).isEmpty();
    }

    @Test
    void throttleWhenUsernameCountReachedThenOnlySourcesNotKnownToItWait() {
        String key = uniqueName();
        FailureDelay perSource = new FailureDelay(3, Duration.ofSeconds(1), Duration.ofSeconds(5));
        FailureDelay perUsername = new FailureDelay(4, Duration.ofSeconds(1), Duration.ofSeconds(5));
        throttle.recordSuccess(key, "203.0.113.2", T0, T0.plus(Duration.ofDays(1)));
        // One source adds at most its allowance (3) to the username's count.
        for (int i = 0; i < 6; i++) {
            throttle.recordFailure(key, "198.51.100.2", T0, perSource, perUsername);
        }
        assertThat(throttle.lockedUntil(key, "198.51.100.3", T0)).isEmpty();
        assertThat(throttle.recordFailure(key, "198.51.100.3", T0, perSource, perUsername)).contains(T0.plusSeconds(1));
        assertThat(throttle.lockedUntil(key, "198.51.100.4", T0)).contains(T0.plusSeconds(1));
        assertThat(throttle.lockedUntil(key, "203.0.113.2", T0)).isEmpty();
        throttle.recordSuccess(key, "203.0.113.5", T0, T0); // known no longer
        assertThat(throttle.lockedUntil(key, "203.0.113.5", T0)).contains(T0.plusSeconds(1));
    }

    @Test
    void throttleWhenManySourcesFailThenRowsPerUsernameStayBounded() {
        String key = uniqueName();
        FailureDelay perSource = new FailureDelay(3, Duration.ofSeconds(1), Duration.ofSeconds(5));
        for (int i = 0; i < 110; i++) {
            throttle.recordFailure(key, "2001:db8:" + Integer.toHexString(i) + "::/64", T0, perSource, NEVER);
        }
        throttle.recordSuccess(key, "203.0.113.3", T0, T0.plus(Duration.ofDays(1)));
        int rows = db.inTransaction(c -> {
            try (var ps = c.prepareStatement("select count(*) from login_sources where username_key = ?")) {
                ps.setString(1, key);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        assertThat(rows).isEqualTo(100);
        // The owner's sign-in made room for itself: its source is known.
        assertThat(throttle.lockedUntil(key, "203.0.113.3", T0)).isEmpty();
    }

    @Test
    void throttleWhenConcurrentFailuresThenEveryOneCounted() throws Exception {
        String key = uniqueName();
        int callers = 12;
        FailureDelay lenient = new FailureDelay(100, Duration.ofSeconds(1), Duration.ofMinutes(1));
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String source = "198.51.100." + (i % 2);
                fs.add(pool.submit(() -> {
                    go.await();
                    return throttle.recordFailure(key, source, T0, lenient, lenient);
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
        }
        // 12 failures counted on the username, 6 on each source: the 13th and the 7th lock.
        FailureDelay at13 = new FailureDelay(callers + 1, Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThat(throttle.recordFailure(key, "198.51.100.9", T0, lenient, at13)).isPresent();
        FailureDelay at7 = new FailureDelay(7, Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThat(throttle.recordFailure(key, "198.51.100.0", T0, at7, NEVER)).isPresent();
    }

    @Test
    void keysWhenInsertAndRetireOthersThenPreviousRetiredAtActivation() {
        String alg = "RS256-" + UUID.randomUUID().toString().substring(0, 4);
        StoredKey first = new StoredKey("k1-" + alg, alg, "{}", "v1.x", T0, T0, null);
        assertThat(keys.insertIfNoneActive(first)).isTrue();
        assertThat(keys.insertIfNoneActive(new StoredKey("k1b-" + alg, alg, "{}", "v1.x", T0, T0, null))).isFalse();
        Instant activation = T0.plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        keys.insertAndRetireOthers(new StoredKey("k2-" + alg, alg, "{}", "v1.y", T0, activation, null));
        List<StoredKey> mine = keys.all().stream().filter(k -> k.alg().equals(alg)).toList();
        assertThat(mine).extracting(StoredKey::kid).containsExactly("k1-" + alg, "k2-" + alg);
        assertThat(mine.get(0).retiredAt()).isEqualTo(activation);
        assertThat(mine.get(1).retiredAt()).isNull();
    }
}
