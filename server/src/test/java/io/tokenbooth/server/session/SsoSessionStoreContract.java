package io.tokenbooth.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.JdbcAccountStore;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.client.JdbcClientStore;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.consent.JdbcConsentStore;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.token.OpaqueTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The guarantees of the SSO session and consent stores, and the session lifetimes the service enforces on top of
 * them, checked on each database (see the H2 and PostgreSQL subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SsoSessionStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456Z");
    private TestDatabase testDb;
    private Database db;
    private JdbcAccountStore accounts;
    private JdbcSsoSessionStore sessions;
    private JdbcConsentStore consents;
    private ClientService clients;

    protected abstract TestDatabase.Kind kind();

    @BeforeAll
    void open() {
        testDb = TestDatabase.create(kind());
        TokenboothConfig config = ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty());
        db = Database.open(config.database());
        db.migrate();
        accounts = new JdbcAccountStore(db);
        sessions = new JdbcSsoSessionStore(db);
        consents = new JdbcConsentStore(db);
        clients = new ClientService(new JdbcClientStore(db), MutableClock.startingNow());
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

    private Account account() {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        Account a = new Account(UUID.randomUUID().toString(), name, Optional.empty(), "$argon2id$x", false, T0);
        accounts.create(a, new UsernamePolicy().validate(name));
        return a;
    }

    private String client() {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        clients.register(ClientRegistration.of(id, true, List.of("https://app.example.test/cb")));
        return id;
    }

    private SsoSession session(Account a, Instant authTime) {
        SsoSession s = new SsoSession(OpaqueTokens.hash(OpaqueTokens.generate()), a.id(), authTime, List.of("pwd"),
                authTime, authTime.plus(Duration.ofHours(10)), Optional.empty());
        sessions.create(s);
        return s;
    }

    @Test
    void sessionWhenCreatedThenFoundWithEveryFieldToTheMicrosecond() {
        Account a = account();
        SsoSession s = session(a, T0);
        assertThat(sessions.find(s.idHash())).contains(s);
        assertThat(sessions.find(OpaqueTokens.hash("unknown"))).isEmpty();
    }

    @Test
    void touchWhenLaterThenMovesLastSeenForwardAndNeverBack() {
        SsoSession s = session(account(), T0);
        sessions.touch(s.idHash(), T0.plusSeconds(60));
        sessions.touch(s.idHash(), T0.plusSeconds(30));
        assertThat(sessions.find(s.idHash()).orElseThrow().lastSeenAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void revokeWhenRepeatedThenKeepsTheFirstTimeAndReportsOnlyTheFirst() {
        SsoSession s = session(account(), T0);
        assertThat(sessions.revoke(s.idHash(), T0.plusSeconds(5))).isTrue();
        assertThat(sessions.revoke(s.idHash(), T0.plusSeconds(9))).isFalse();
        assertThat(sessions.find(s.idHash()).orElseThrow().revokedAt()).contains(T0.plusSeconds(5));
        assertThat(sessions.revoke(OpaqueTokens.hash("nobody"), T0)).isFalse();
    }

    @Test
    void revokeAllWhenAccountHasSessionsThenOnlyItsLiveOnesEnd() {
        Account a = account();
        Account other = account();
        SsoSession s1 = session(a, T0);
        SsoSession s2 = session(a, T0);
        SsoSession kept = session(other, T0);
        sessions.revoke(s2.idHash(), T0);
        assertThat(sessions.revokeAll(a.id(), T0.plusSeconds(1))).isEqualTo(1);
        assertThat(sessions.find(s1.idHash()).orElseThrow().revokedAt()).isPresent();
        assertThat(sessions.find(kept.idHash()).orElseThrow().revokedAt()).isEmpty();
    }

    @Test
    void resolveWhenIdleLongerThanIdleTtlThenEnded() {
        MutableClock clock = new MutableClock(T0);
        SsoSessionService service = new SsoSessionService(sessions, accounts, clock, Duration.ofMinutes(30),
                Duration.ofHours(10));
        SsoSessionService.Started started = service.start(account().id(), List.of("pwd"));
        clock.advance(Duration.ofMinutes(29));
        assertThat(service.resolve(Optional.of(started.cookieValue()))).isPresent();
        clock.advance(Duration.ofMinutes(29)); // 58 minutes after login, 29 after the last use
        assertThat(service.resolve(Optional.of(started.cookieValue()))).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(service.resolve(Optional.of(started.cookieValue()))).isEmpty();
    }

    @Test
    void resolveWhenUsedButPastAbsoluteTtlThenEnded() {
        MutableClock clock = new MutableClock(T0);
        SsoSessionService service = new SsoSessionService(sessions, accounts, clock, Duration.ofMinutes(30),
                Duration.ofHours(1));
        SsoSessionService.Started started = service.start(account().id(), List.of("pwd"));
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(25));
            assertThat(service.resolve(Optional.of(started.cookieValue()))).isPresent();
        }
        clock.advance(Duration.ofMinutes(15)); // 65 minutes after login, 15 after the last use
        assertThat(service.resolve(Optional.of(started.cookieValue()))).isEmpty();
    }

    @Test
    void resolveWhenAccountDisabledThenEndedAndRevoked() {
        MutableClock clock = new MutableClock(T0);
        SsoSessionService service = new SsoSessionService(sessions, accounts, clock, Duration.ofMinutes(30),
                Duration.ofHours(10));
        Account a = account();
        SsoSessionService.Started started = service.start(a.id(), List.of("pwd"));
        accounts.setDisabled(a.id(), true, T0);
        assertThat(service.resolve(Optional.of(started.cookieValue()))).isEmpty();
        accounts.setDisabled(a.id(), false, T0);
        assertThat(service.resolve(Optional.of(started.cookieValue()))).as("stays revoked").isEmpty();
    }

    @Test
    void resolveWhenCookieValueMalformedOrUnknownThenEmpty() {
        SsoSessionService service = new SsoSessionService(sessions, accounts, new MutableClock(T0),
                Duration.ofMinutes(30), Duration.ofHours(10));
        assertThat(service.resolve(Optional.empty())).isEmpty();
        assertThat(service.resolve(Optional.of("x' or '1'='1"))).isEmpty();
        assertThat(service.resolve(Optional.of(OpaqueTokens.generate()))).isEmpty();
    }

    @Test
    void sessionWhenStartedThenOnlyTheHashOfTheCookieIsStored() {
        SsoSessionService service = new SsoSessionService(sessions, accounts, new MutableClock(T0),
                Duration.ofMinutes(30), Duration.ofHours(10));
        SsoSessionService.Started started = service.start(account().id(), List.of("pwd"));
        assertThat(started.session().idHash()).isEqualTo(OpaqueTokens.hash(started.cookieValue()))
                .isNotEqualTo(started.cookieValue());
        assertThat(sessions.find(started.cookieValue())).isEmpty();
    }

    @Test
    void consentWhenGrantedTwiceThenUnionOfScopes() {
        Account a = account();
        String c = client();
        assertThat(consents.find(a.id(), c)).isEmpty();
        consents.grant(a.id(), c, List.of("openid", "profile"), T0);
        consents.grant(a.id(), c, List.of("email", "openid"), T0.plusSeconds(1));
        assertThat(consents.find(a.id(), c)).contains(Set.of("openid", "profile", "email"));
        assertThat(consents.revoke(a.id(), c)).isTrue();
        assertThat(consents.find(a.id(), c)).isEmpty();
    }

    @Test
    void consentWhenFirstGrantsRaceThenEveryScopeIsKept() throws Exception {
        Account a = account();
        String c = client();
        List<String> scopes = List.of("s1", "s2", "s3", "s4", "s5", "s6");
        ExecutorService pool = Executors.newFixedThreadPool(scopes.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String s : scopes) {
                done.add(pool.submit(() -> {
                    start.await();
                    consents.grant(a.id(), c, List.of(s), T0);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(consents.find(a.id(), c)).contains(Set.copyOf(scopes));
    }
}
