package io.tokenbooth.server.token.status;

import static io.tokenbooth.server.oauth.OAuthTestKit.PASSWORD;
import static io.tokenbooth.server.oauth.OAuthTestKit.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.security.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Token Status Lists end to end (issue 7): every access token carries its own index; the served Status List Token is
 * read by a decoder written here (java.util.zip and Nimbus, none of our classes); every revocation path flips exactly
 * its tokens' bits; introspection, UserInfo and {@code /api/v1/me} refuse them; another node serves the flip within a
 * second. Run once per database (H2 and PostgreSQL subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TokenStatusListContract {
    private final RunningServer app;
    private OAuthTestKit kit;
    private RegisteredClient web;
    private RegisteredClient cc;

    TokenStatusListContract(RunningServer app) {
        this.app = app;
    }

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        web = kit.webClient();
        cc = kit.client("cc").grants("client_credentials").register();
    }

    /** The {@code status_list} claim of an access token: list URI and index. */
    record Ref(String uri, int idx) {
    }

    static Ref ref(String accessToken) throws Exception {
        Map<String, Object> claims = SignedJWT.parse(accessToken).getJWTClaimsSet().getJSONObjectClaim("status");
        @SuppressWarnings("unchecked")
        Map<String, Object> list = (Map<String, Object>) claims.get("status_list");
        return new Ref((String) list.get("uri"), ((Number) list.get("idx")).intValue());
    }

    /** An independent reader of a served list: fetches, checks the signature against the JWKS, inflates. */
    static byte[] fetchBits(TestServer server, String uri) throws Exception {
        // The path of the list: a second test node has an issuer (port) of its own, a real cluster shares one.
        String path = uri.substring(uri.indexOf("/statuslists/"));
        TestServer.Response r = server.get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/statuslist+jwt"));
        SignedJWT jwt = SignedJWT.parse(r.body());
        assertThat(jwt.getHeader().getType().toString()).isEqualTo("statuslist+jwt");
        JWKSet jwks = JWKSet.parse(server.get("/.well-known/jwks.json").body());
        var jwk = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        Key key = jwk.getKeyType().getValue().equals("EC") ? jwk.toECKey().toPublicKey()
                : jwk.getKeyType().getValue().equals("RSA") ? jwk.toRSAKey().toPublicKey() : jwk.toOctetKeyPair().toPublicKey();
        assertThat(jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), key))).isTrue();
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertThat(c.getSubject()).isEqualTo(server.issuer() + path);
        assertThat(c.getIssueTime()).isNotNull();
        assertThat(c.getExpirationTime()).isAfter(c.getIssueTime());
        assertThat(((Number) c.getClaim("ttl")).longValue()).isPositive();
        Map<String, Object> sl = c.getJSONObjectClaim("status_list");
        assertThat(((Number) sl.get("bits")).intValue()).isEqualTo(1);
        return StatusListEncodingTest.inflate((String) sl.get("lst"));
    }

    static boolean invalidAt(TestServer server, Ref ref) throws Exception {
        byte[] bits = fetchBits(server, ref.uri());
        return (bits[ref.idx() / 8] >> (ref.idx() % 8) & 1) == 1;
    }

    private void awaitInvalid(TestServer server, Ref ref, boolean invalid) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> invalidAt(server, ref) == invalid);
    }

    private record Session(String name, JsonNode login) {
        String access() {
            return login.get("access_token").asText();
        }

        String refresh() {
            return login.get("refresh_token").asText();
        }
    }

    private Session login() {
        String name = "sl_" + UUID.randomUUID().toString().substring(0, 8);
        kit.newAccountNamed(name);
        TestServer.Response r = app.server().login(name, PASSWORD);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new Session(name, r.json());
    }

    private String clientToken() {
        TestServer.Response r = kit.token(cc, "grant_type", "client_credentials");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("access_token");
    }

    private boolean introspectActive(String token) {
        return kit.introspect(web, token).json().get("active").asBoolean();
    }

    private int me(String token) {
        return app.server().get("/api/v1/me", "Authorization", "Bearer " + token).status();
    }

    @Test
    void tokenWhenIssuedByEveryGrantThenCarriesAnIndexOfItsOwnInAServedList() throws Exception {
        Session s = login();
        String refreshed = app.server().refresh(s.refresh()).text("access_token");
        JsonNode code = kit.exchange(web, kit.code(web, kit.newAccount()).create()).json();
        String oauthRefreshed = kit.token(web, "grant_type", "refresh_token", "refresh_token",
                code.get("refresh_token").asText()).text("access_token");
        List<Ref> refs = List.of(ref(s.access()), ref(refreshed), ref(code.get("access_token").asText()),
                ref(oauthRefreshed), ref(clientToken()));
        Set<String> seen = new HashSet<>();
        for (Ref r : refs) {
            assertThat(r.uri()).startsWith(app.server().issuer() + "/statuslists/");
            assertThat(seen.add(r.uri() + "#" + r.idx())).as("index handed out twice: " + r).isTrue();
            assertThat(invalidAt(app.server(), r)).isFalse();
        }
    }

    @Test
    void logoutWhenFamilyRevokedThenExactlyItsTokensBitsFlipAndEveryCheckRefusesThem() throws Exception {
        Session s = login();
        JsonNode rotated = app.server().refresh(s.refresh()).json();
        String a2 = rotated.get("access_token").asText();
        Session other = login();
        String bystander = clientToken();
        assertThat(me(a2)).isEqualTo(200);
        assertThat(app.server().postJson("/api/v1/logout", TestServer.json(Map.of("refresh_token",
                rotated.get("refresh_token").asText()))).status()).isIn(200, 204);
        awaitInvalid(app.server(), ref(s.access()), true);
        assertThat(invalidAt(app.server(), ref(a2))).isTrue();
        assertThat(invalidAt(app.server(), ref(other.access()))).isFalse();
        assertThat(invalidAt(app.server(), ref(bystander))).isFalse();
        assertThat(me(a2)).isEqualTo(401);
        assertThat(me(other.access())).isEqualTo(200);
        assertThat(introspectActive(a2)).isFalse();
        assertThat(introspectActive(bystander)).isTrue();
    }

    @Test
    void reuseWhenDetectedThenTheFamilysBitsFlip() throws Exception {
        Session s = login();
        JsonNode r2 = app.server().refresh(s.refresh()).json();
        JsonNode r3 = app.server().refresh(r2.get("refresh_token").asText()).json();
        assertThat(app.server().refresh(s.refresh()).status()).isEqualTo(400);
        awaitInvalid(app.server(), ref(r3.get("access_token").asText()), true);
        assertThat(invalidAt(app.server(), ref(s.access()))).isTrue();
        assertThat(invalidAt(app.server(), ref(r2.get("access_token").asText()))).isTrue();
    }

    @Test
    void revokeSessionsAndDisableWhenCalledThenEveryFamilyOfTheUserFlips() throws Exception {
        Session a = login();
        Session a2 = new Session(a.name(), app.server().login(a.name(), PASSWORD).json());
        Session b = login();
        var services = app.server().tokenbooth().services();
        assertThat(services.accounts.revokeSessions(a.name())).isEqualTo(2);
        assertThat(invalidAt(app.server(), ref(a.access()))).isTrue();
        assertThat(invalidAt(app.server(), ref(a2.access()))).isTrue();
        assertThat(invalidAt(app.server(), ref(b.access()))).isFalse();
        services.accounts.setDisabled(b.name(), true);
        assertThat(invalidAt(app.server(), ref(b.access()))).isTrue();
    }

    @Test
    void revocationsWhenManyRunAtOnceThenEachSucceedsAndFlipsItsOwnBits() throws Exception {
        // Revocations touching the same lists lock them in id order (StatusListSql), so concurrent ones queue rather
        // than fail on a deadlock.
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sessions.add(login());
        }
        Session bystander = login();
        var accounts = app.server().tokenbooth().services().accounts;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (Session s : sessions) {
                done.add(pool.submit(() -> accounts.revokeSessions(s.name())));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Session s : sessions) {
            assertThat(invalidAt(app.server(), ref(s.access()))).as(s.name()).isTrue();
        }
        assertThat(invalidAt(app.server(), ref(bystander.access()))).isFalse();
    }

    @Test
    void revokeWhenAccessTokenThenOnlyItsOwnBitFlipsAndUserInfoRefusesIt() throws Exception {
        JsonNode tokens = kit.exchange(web, kit.code(web, kit.newAccount()).scope("openid").create()).json();
        String access = tokens.get("access_token").asText();
        String untouched = clientToken();
        assertThat(kit.userInfo(access).status()).isEqualTo(200);
        assertThat(kit.post("/oauth2/revoke", form("token", access), "Authorization", web.basic()).status())
                .isEqualTo(200);
        assertThat(invalidAt(app.server(), ref(access))).isTrue();
        assertThat(invalidAt(app.server(), ref(untouched))).isFalse();
        assertThat(kit.userInfo(access).status()).isEqualTo(401);
        assertThat(introspectActive(access)).isFalse();
        // Another client's access token: nothing changes (RFC 7009 §2.1).
        assertThat(kit.post("/oauth2/revoke", form("token", untouched), "Authorization", web.basic()).status())
                .isEqualTo(200);
        assertThat(invalidAt(app.server(), ref(untouched))).isFalse();
    }

    @Test
    void revokeWhenRefreshTokenThenItsFamilysBitsFlip() throws Exception {
        JsonNode tokens = kit.exchange(web, kit.code(web, kit.newAccount()).create()).json();
        assertThat(kit.post("/oauth2/revoke", form("token", tokens.get("refresh_token").asText()),
                "Authorization", web.basic()).status()).isEqualTo(200);
        assertThat(invalidAt(app.server(), ref(tokens.get("access_token").asText()))).isTrue();
    }

    @Test
    void codeWhenReplayedThenTheFirstAccessTokensBitFlips() throws Exception {
        String code = kit.code(web, kit.newAccount()).scope("openid").create();
        String access = kit.exchange(web, code).text("access_token");
        assertThat(kit.token(web, "grant_type", "authorization_code", "code", code, "redirect_uri",
                OAuthTestKit.REDIRECT).status()).isEqualTo(400);
        assertThat(invalidAt(app.server(), ref(access))).isTrue();
    }

    @Test
    void listWhenUnchangedAndTagSentThenNotModified() throws Exception {
        Ref r = ref(clientToken());
        String path = r.uri().substring(app.server().issuer().length());
        TestServer.Response first = app.server().get(path);
        String etag = first.header("ETag").orElseThrow();
        assertThat(first.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age=1"));
        TestServer.Response again = app.server().get(path, "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(app.server().get(path, "If-None-Match", "\"other\"").status()).isEqualTo(200);
    }

    @Test
    void listWhenUnknownMalformedOrHugeThenNotFoundAndNothingCached() {
        var view = app.server().tokenbooth().services().statusLists;
        int lists = view.ids().size();
        for (String id : List.of("999999999", "0", "-1", "abc", "1e3", "99999999999999999999999", "1".repeat(500))) {
            TestServer.Response r = app.server().get("/statuslists/" + id);
            assertThat(r.status()).as(id).isEqualTo(404);
        }
        // Refused by the HTTP layer before the route: a bad request, never a list.
        assertThat(app.server().get("/statuslists/%00").status()).isIn(400, 404);
        for (int i = 0; i < 300; i++) {
            assertThat(app.server().get("/statuslists/" + (1_000_000 + i)).status()).isEqualTo(404);
        }
        assertThat(view.ids()).hasSize(lists);
    }

    @Test
    void discoveryWhenReadThenNamesTheAggregationThatListsEveryLiveList() throws Exception {
        Ref r = ref(clientToken());
        String aggregation = app.server().get("/.well-known/oauth-authorization-server").json()
                .get("status_list_aggregation_endpoint").asText();
        assertThat(aggregation).isEqualTo(app.server().issuer() + "/statuslists");
        List<String> uris = new ArrayList<>();
        app.server().get("/statuslists").json().get("status_lists").forEach(n -> uris.add(n.asText()));
        assertThat(uris).contains(r.uri());
    }

    @Test
    void issuanceWhenTwoNodesIssueConcurrentlyThenNoIndexTwiceAndAFlipReachesTheOtherNodeWithinASecond()
            throws Exception {
        try (TestServer second = app.secondNode().start()) {
            OAuthTestKit secondKit = new OAuthTestKit(second);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<String>> calls = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    OAuthTestKit k = i % 2 == 0 ? kit : secondKit;
                    calls.add(() -> k.token(cc, "grant_type", "client_credentials").text("access_token"));
                }
                Set<String> seen = new HashSet<>();
                for (Future<String> f : pool.invokeAll(calls)) {
                    Ref r = ref(f.get());
                    assertThat(seen.add(r.uri() + "#" + r.idx())).as("twice: " + r).isTrue();
                }
                assertThat(seen).hasSize(200);
            } finally {
                pool.shutdownNow();
            }
            Session s = login();
            Ref r = ref(s.access());
            assertThat(invalidAt(second, r)).isFalse();
            assertThat(app.server().postJson("/api/v1/logout", TestServer.json(Map.of("refresh_token", s.refresh())))
                    .status()).isIn(200, 204);
            long start = System.nanoTime();
            Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> invalidAt(second, r));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> new OAuthTestKit(second).introspect(web, s.access()).json().get("active").asBoolean()
                            == false);
        }
    }
}
