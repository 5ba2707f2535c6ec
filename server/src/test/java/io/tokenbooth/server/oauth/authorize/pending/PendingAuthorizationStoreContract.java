package io.tokenbooth.server.oauth.authorize.pending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.JdbcAccountStore;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.http.RateLimiter;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorization.Authenticated;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Retention;
import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.Race;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.token.OpaqueTokens;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The guarantees of the pending authorization request store and the service on top of it (browser binding, expiry,
 * single use under concurrency, the per-browser and per-source bounds, the purge), on each database (see the H2 and
 * PostgreSQL subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PendingAuthorizationStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456Z");
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Map<String, List<String>> PARAMETERS = Map.of("client_id", List.of("c1"),
            "state", List.of("st \u0001\"<>&\\ 한국어 \uD83D\uDE00"), "resource", List.of("https://a.test", "https://b.test"));
    private TestDatabase testDb;
    private Database db;
    private JdbcAccountStore accounts;
    private JdbcPendingAuthorizationStore store;

    protected abstract TestDatabase.Kind kind();

    @BeforeAll
    void open() {
        testDb = TestDatabase.create(kind());
        TokenboothConfig config = ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty());
        db = Database.open(config.database());
        db.migrate();
        accounts = new JdbcAccountStore(db);
        store = new JdbcPendingAuthorizationStore(db);
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

    private String account() {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        Account a = new Account(UUID.randomUUID().toString(), name, Optional.empty(), "$argon2id$x", false, T0);
        accounts.create(a, new UsernamePolicy().validate(name));
        return a.id();
    }

    private PendingAuthorization pending(String binding, Instant createdAt) {
        PendingAuthorization p = new PendingAuthorization(OpaqueTokens.hash(OpaqueTokens.generate()),
                OpaqueTokens.hash(binding), "c1", PARAMETERS, Optional.empty(), createdAt, createdAt.plus(TTL),
                Optional.empty());
        store.create(p, PendingAuthorizations.MAX_PER_BROWSER);
        return p;
    }

    private PendingAuthorizations service(MutableClock clock, int perMinute) {
        return new PendingAuthorizations(store, new RateLimiter("authorization", perMinute, clock), clock, TTL);
    }

    private int rows(String bindingHash) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select count(*) from pending_authorizations where binding_hash = ?")) {
                ps.setString(1, bindingHash);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void createWhenFoundThenEveryFieldRoundTripsToTheMicrosecondAndTheParametersExactly() {
        PendingAuthorization p = pending(OpaqueTokens.generate(), T0);
        assertThat(store.find(p.idHash())).contains(p);
        assertThat(store.find(p.idHash()).orElseThrow().parameters()).isEqualTo(PARAMETERS);
        assertThat(store.find(OpaqueTokens.hash("unknown"))).isEmpty();
    }

    @Test
    void recordAuthenticationWhenUsableThenFoundWithTheProgressElseRefused() {
        PendingAuthorization p = pending(OpaqueTokens.generate(), T0);
        Authenticated who = new Authenticated(account(), List.of("pwd", "otp"), T0.plusSeconds(3));
        assertThat(store.recordAuthentication(p.idHash(), who, T0.plusSeconds(4))).isTrue();
        assertThat(store.find(p.idHash()).orElseThrow().authenticated()).contains(who);

        assertThat(store.recordAuthentication(p.idHash(), who, T0.plus(TTL))).as("expired").isFalse();
        assertThat(store.complete(p.idHash(), p.bindingHash(), T0.plusSeconds(5))).isTrue();
        assertThat(store.recordAuthentication(p.idHash(), who, T0.plusSeconds(6))).as("completed").isFalse();
    }

    @Test
    void completeWhenRacedOnManyThreadsThenExactlyOneWins() throws Exception {
        PendingAuthorization p = pending(OpaqueTokens.generate(), T0);
        List<Boolean> results = Race.of(8, () -> store.complete(p.idHash(), p.bindingHash(), T0.plusSeconds(1)));
        assertThat(results).containsOnlyOnce(true).hasSize(8);
        assertThat(store.find(p.idHash()).orElseThrow().completedAt()).contains(T0.plusSeconds(1));
        assertThat(store.complete(p.idHash(), p.bindingHash(), T0.plusSeconds(2))).as("used again").isFalse();
    }

    @Test
    void completeWhenExpiredOrAnotherBrowsersThenRefused() {
        PendingAuthorization p = pending(OpaqueTokens.generate(), T0);
        assertThat(store.complete(p.idHash(), OpaqueTokens.hash(OpaqueTokens.generate()), T0)).isFalse();
        assertThat(store.complete(p.idHash(), p.bindingHash(), T0.plus(TTL))).isFalse();
        assertThat(store.find(p.idHash()).orElseThrow().completedAt()).isEmpty();
    }

    @Test
    void createWhenBrowserHasTooManyThenItsOldestAreDroppedAndOtherBrowsersKept() {
        String binding = OpaqueTokens.generate();
        PendingAuthorization other = pending(OpaqueTokens.generate(), T0);
        List<PendingAuthorization> mine = new java.util.ArrayList<>();
        for (int i = 0; i < PendingAuthorizations.MAX_PER_BROWSER + 5; i++) {
            mine.add(pending(binding, T0.plusSeconds(i)));
        }
        assertThat(rows(OpaqueTokens.hash(binding))).isEqualTo(PendingAuthorizations.MAX_PER_BROWSER);
        assertThat(store.find(mine.get(4).idHash())).as("among the oldest").isEmpty();
        assertThat(store.find(mine.get(5).idHash())).isPresent();
        assertThat(store.find(mine.get(mine.size() - 1).idHash())).isPresent();
        assertThat(store.find(other.idHash())).isPresent();
    }

    @Test
    void purgeWhenExpiredThenDeletedWithoutMarginAndLiveRowsKept() {
        PendingAuthorization expired = pending(OpaqueTokens.generate(), T0.minus(TTL).minusSeconds(1));
        PendingAuthorization live = pending(OpaqueTokens.generate(), T0.minus(TTL).plusSeconds(1));
        Map<String, Integer> deleted = new Retention(db, () -> Duration.ofMinutes(10)).purge(T0);
        assertThat(deleted.get("pending_authorizations")).isGreaterThanOrEqualTo(1);
        assertThat(store.find(expired.idHash())).isEmpty();
        assertThat(store.find(live.idHash())).isPresent();
    }

    @Test
    void resumeWhenSameBrowserThenFoundElseWhenAnotherBrowserMalformedExpiredOrCompletedThenEmpty() {
        MutableClock clock = new MutableClock(T0);
        PendingAuthorizations service = service(clock, 0);
        String binding = PendingAuthorizations.newBinding();
        String id = service.start("c1", PARAMETERS, Optional.empty(), binding, "10.0.0.1");

        assertThat(service.resume(id, binding)).map(PendingAuthorization::parameters).contains(PARAMETERS);
        assertThat(service.resume(id, PendingAuthorizations.newBinding())).as("another browser").isEmpty();
        assertThat(service.resume(id, null)).as("no cookie").isEmpty();
        assertThat(service.resume("x" + id.substring(1, 40), binding)).as("malformed").isEmpty();
        assertThat(service.resume(OpaqueTokens.generate(), binding)).as("unknown").isEmpty();

        clock.advance(TTL);
        assertThat(service.resume(id, binding)).as("expired").isEmpty();

        String other = service.start("c1", PARAMETERS, Optional.empty(), binding, "10.0.0.1");
        assertThat(service.complete(service.resume(other, binding).orElseThrow())).isTrue();
        assertThat(service.resume(other, binding)).as("completed").isEmpty();
    }

    @Test
    void startWhenSourceFloodsThenRefusedPastItsBudgetWithoutRowsAndOtherSourcesUnaffected() {
        MutableClock clock = new MutableClock(T0);
        PendingAuthorizations service = service(clock, 5);
        String flooder = "192.0.2.66";
        int stored = 0;
        int refused = 0;
        for (int i = 0; i < 50; i++) {
            try {
                // A fresh binding each time: a flood does not keep cookies, so the per-browser bound does not apply.
                service.start("c1", PARAMETERS, Optional.empty(), PendingAuthorizations.newBinding(), flooder);
                stored++;
            } catch (PendingAuthorizations.TooManyRequests e) {
                assertThat(e.retryAfter()).isPositive();
                refused++;
            }
        }
        assertThat(stored).isEqualTo(5);
        assertThat(refused).isEqualTo(45);
        service.start("c1", PARAMETERS, Optional.empty(), PendingAuthorizations.newBinding(), "192.0.2.7");
    }

    @Test
    void startWhenParametersTooLargeToKeepThenInvalidRequestAndNothingStored() {
        PendingAuthorizations service = service(new MutableClock(T0), 0);
        String binding = PendingAuthorizations.newBinding();
        Map<String, List<String>> huge = Map.of("state", List.of("\u0001".repeat(ParametersJson.MAX_CHARS / 6 + 1)));
        assertThatThrownBy(() -> service.start("c1", huge, Optional.empty(), binding, "10.0.0.2"))
                .isInstanceOf(OAuthException.class).hasMessageContaining("too large");
        assertThat(rows(OpaqueTokens.hash(binding))).isZero();
    }
}
