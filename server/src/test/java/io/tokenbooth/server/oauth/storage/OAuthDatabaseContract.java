package io.tokenbooth.server.oauth.storage;

import static io.tokenbooth.server.oauth.OAuthTestKit.REDIRECT;
import static io.tokenbooth.server.oauth.OAuthTestKit.assertError;
import static io.tokenbooth.server.oauth.OAuthTestKit.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.oauth.client.JdbcClientAssertionJtiStore;
import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.Race;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.token.revocation.AccessTokenDenyList;
import io.tokenbooth.server.token.revocation.JdbcRevokedAccessTokenStore;
import io.tokenbooth.server.token.revocation.RevokedAccessToken;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OAuth behaviours that rest on the database's guarantees — single-use codes under concurrency, revocation of
 * what a replayed code issued, refresh tokens bound to their client, revocations seen by every node — over real HTTP,
 * once per database (see the H2 and PostgreSQL subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OAuthDatabaseContract {
    /** One issuer for both nodes of the two-node test, as a cluster behind one address would have. */
    private static final String ISSUER = "http://tokenbooth.cluster.test";
    /** The server on the subclass's database kind, registered there as a static {@code @RegisterExtension}. */
    private final RunningServer app;
    private OAuthTestKit kit;
    private RegisteredClient web;

    OAuthDatabaseContract(RunningServer app) {
        this.app = app;
    }

    /** A server on a database of {@code kind}, configured as these tests need; each subclass registers one. */
    static RunningServer running(TestDatabase.Kind kind) {
        return RunningServer.on(kind).set("oauth.deny-list-refresh", "1s").set("issuer", ISSUER);
    }

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        web = kit.webClient();
    }

    private TestServer.Response exchangeAgain(RegisteredClient client, String code) {
        return kit.token(client, "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT);
    }

    @Test
    void tokenWhenCodeReplayedThenInvalidGrantAndFirstTokensRevoked() {
        String code = kit.code(web, kit.newAccount()).create();
        TestServer.Response first = kit.exchange(web, code);
        String access = first.text("access_token");
        String refresh = first.text("refresh_token");
        assertThat(kit.userInfo(access).status()).isEqualTo(200);
        assertThat(kit.introspect(web, access).json().get("active").asBoolean()).isTrue();

        assertError(exchangeAgain(web, code), 400, "invalid_grant");

        assertError(kit.token(web, "grant_type", "refresh_token", "refresh_token", refresh), 400, "invalid_grant");
        assertThat(kit.introspect(web, access).json().get("active").asBoolean()).isFalse();
        assertThat(kit.introspect(web, refresh).json().get("active").asBoolean()).isFalse();
        TestServer.Response info = kit.userInfo(access);
        assertError(info, 401, "invalid_token");
        assertThat(info.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    @Test
    void tokenWhenCodeReplayedAfterRotationThenWholeFamilyRevoked() {
        String code = kit.code(web, kit.newAccount()).create();
        TestServer.Response first = kit.exchange(web, code);
        TestServer.Response rotated = kit.token(web, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token"));
        assertThat(rotated.status()).isEqualTo(200);
        assertError(exchangeAgain(web, code), 400, "invalid_grant");
        assertError(kit.token(web, "grant_type", "refresh_token", "refresh_token", rotated.text("refresh_token")),
                400, "invalid_grant");
    }

    @Test
    void tokenWhenEightConcurrentExchangesOfOneCodeThenExactlyOneWins() throws Exception {
        String code = kit.code(web, kit.newAccount()).create();
        int callers = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return exchangeAgain(web, code);
                }));
            }
            go.countDown();
            List<TestServer.Response> answers = new ArrayList<>();
            for (Future<TestServer.Response> f : futures) {
                answers.add(f.get());
            }
            assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(1);
            assertThat(answers).filteredOn(r -> r.status() != 200)
                    .allSatisfy(r -> assertError(r, 400, "invalid_grant")).hasSize(callers - 1);
        }
    }

    @Test
    void refreshWhenPresentedByAnotherClientThenInvalidGrantAndNotSpent() {
        RegisteredClient other = kit.webClient();
        String refresh = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("refresh_token");
        assertError(kit.token(other, "grant_type", "refresh_token", "refresh_token", refresh), 400, "invalid_grant");
        // Neither spent nor revoked: the owner still refreshes, once.
        TestServer.Response owner = kit.token(web, "grant_type", "refresh_token", "refresh_token", refresh);
        assertThat(owner.status()).as(owner.toString()).isEqualTo(200);
        // The other client cannot see it through introspection or revoke it either.
        assertThat(kit.introspect(other, owner.text("refresh_token")).json().get("active").asBoolean()).isFalse();
        assertThat(kit.post("/oauth2/revoke", form("token", owner.text("refresh_token")), "Authorization", other.basic())
                .status()).isEqualTo(200);
        assertThat(kit.token(web, "grant_type", "refresh_token", "refresh_token", owner.text("refresh_token")).status())
                .isEqualTo(200);
    }

    @Test
    void refreshWhenConcurrentUsesThenAllGetTheSameRefreshTokenAndFamilyStaysValid() throws Exception {
        String refresh = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("refresh_token");
        List<TestServer.Response> answers = Race.of(6,
                () -> kit.token(web, "grant_type", "refresh_token", "refresh_token", refresh));
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        String successor = answers.get(0).text("refresh_token");
        assertThat(answers).extracting(r -> r.text("refresh_token")).containsOnly(successor);
        assertThat(answers).allSatisfy(r -> assertThat(kit.userInfo(r.text("access_token")).status()).isEqualTo(200));
        assertThat(kit.token(web, "grant_type", "refresh_token", "refresh_token", successor).status()).isEqualTo(200);
    }

    @Test
    void refreshWhenSpentTokenPresentedByAnotherClientOrAtFirstPartyApiThenRefusedAndFamilyKept() {
        RegisteredClient other = kit.webClient();
        String refresh = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("refresh_token");
        TestServer.Response owner = kit.token(web, "grant_type", "refresh_token", "refresh_token", refresh);
        assertThat(owner.status()).isEqualTo(200);
        // Not this presenter's token: refused, and nothing changes (RFC 6749 §6). Above all the unauthenticated
        // first-party endpoint must not end a confidential client's family (issue 15 #8).
        assertError(kit.token(other, "grant_type", "refresh_token", "refresh_token", refresh), 400, "invalid_grant");
        TestServer.Response firstParty = app.server().postJson("/api/v1/refresh",
                "{\"refresh_token\":\"" + refresh + "\"}");
        assertError(firstParty, 400, "invalid_grant");
        // The owner's family is intact: its current token still rotates.
        assertThat(kit.token(web, "grant_type", "refresh_token", "refresh_token", owner.text("refresh_token")).status())
                .isEqualTo(200);
    }

    @Test
    void revokeWhenAccessTokenRevokedOnOneNodeThenOtherNodeRefusesItWithinSeconds() {
        String access = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("access_token");
        try (TestServer second = app.secondNode().start()) {
            OAuthTestKit secondKit = new OAuthTestKit(second);
            assertThat(secondKit.userInfo(access).status()).isEqualTo(200);
            assertThat(kit.post("/oauth2/revoke", form("token", access), "Authorization", web.basic()).status())
                    .isEqualTo(200);
            // At once on the node that revoked it; within the reload interval on the other.
            assertThat(kit.userInfo(access).status()).isEqualTo(401);
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(secondKit.userInfo(access).status()).isEqualTo(401));
            assertThat(secondKit.introspect(web, access).json().get("active").asBoolean()).isFalse();
        }
    }

    // ---- the stores behind them -----------------------------------------------------------------------------

    @Test
    void denyListWhenRevokedElsewhereThenReloadPicksItUpAndExpiredOnesAreDropped() {
        var database = app.server().tokenbooth().services().database;
        var store = new JdbcRevokedAccessTokenStore(database);
        MutableClock clock = new MutableClock(app.server().clock.instant());
        AccessTokenDenyList here = new AccessTokenDenyList(store, clock, Duration.ofSeconds(30));
        AccessTokenDenyList there = new AccessTokenDenyList(store, clock, Duration.ofSeconds(30));
        here.reload();
        there.reload();
        String jti = UUID.randomUUID().toString();
        here.revoke(jti, clock.instant().plusSeconds(60));
        here.revoke(jti, clock.instant().plusSeconds(60));
        assertThat(here.isRevoked(jti)).isTrue();
        assertThat(there.isRevoked(jti)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        there.reload();
        assertThat(there.isRevoked(jti)).isTrue();
        // Past expiry plus skew the entry is forgotten: the token is refused for having expired anyway.
        clock.advance(Duration.ofSeconds(120));
        there.reload();
        assertThat(there.isRevoked(jti)).isFalse();
        assertThat(store.revokedSince(Instant.EPOCH, clock.instant().minusSeconds(30))).extracting(RevokedAccessToken::jti)
                .doesNotContain(jti);
    }

    @Test
    void assertionJtiWhenConcurrentSameJtiThenExactlyOneAccepted() throws Exception {
        var jtis = new JdbcClientAssertionJtiStore(app.server().tokenbooth().services().database);
        String jti = UUID.randomUUID().toString();
        Instant now = app.server().clock.instant();
        int callers = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return jtis.markUsed("client-x", jti, now.plusSeconds(60), now);
                }));
            }
            go.countDown();
            int accepted = 0;
            for (Future<Boolean> f : futures) {
                accepted += f.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        }
        // Per client: another client may use the same jti; after expiry the row is cleaned up.
        assertThat(jtis.markUsed("client-y", jti, now.plusSeconds(60), now)).isTrue();
        assertThat(jtis.markUsed("client-x", jti, now.plusSeconds(200), now.plusSeconds(120))).isTrue();
    }
}
