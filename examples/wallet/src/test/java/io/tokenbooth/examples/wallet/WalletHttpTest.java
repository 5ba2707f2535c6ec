package io.tokenbooth.examples.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.tokenbooth.examples.wallet.testing.FakeIssuer;
import io.tokenbooth.examples.wallet.testing.WalletClient;
import io.tokenbooth.examples.wallet.testing.WalletClient.Answer;
import io.tokenbooth.examples.wallet.testing.WalletTestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wallet's HTTP face on H2: who may call what (RFC 6750 answers), that no request reaches another user's wallet,
 * bad input answered with a problem that says what is wrong, and the browser app's support routes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletHttpTest {
    WalletTestDatabase db;
    FakeIssuer issuer;
    WalletServer wallet;
    WalletClient client;

    @BeforeAll
    void start() {
        db = WalletTestDatabase.h2();
        issuer = FakeIssuer.start();
        wallet = Wallets.start(issuer, db);
        client = new WalletClient(wallet.port());
    }

    @AfterAll
    void stop() {
        wallet.close();
        issuer.close();
        db.close();
    }

    String token(String sub, String scope) {
        return issuer.token(sub, Wallets.AUDIENCE, scope);
    }

    String token(String sub, Consumer<JWTClaimsSet.Builder> edit) {
        return issuer.token(sub, Wallets.AUDIENCE, WalletContract.RW, edit);
    }

    static String user() {
        return "user-" + UUID.randomUUID();
    }

    Answer deposit(String token, String key, String body) {
        return client.post("/wallet/deposits", token, key, body);
    }

    // --- who may call what

    @Test
    void anyWalletRouteWhenNoTokenThen401WithBearerChallenge() {
        for (Answer a : new Answer[] {client.get("/wallet", null),
                deposit(null, "k", "{\"amount\": 1}"),
                client.post("/wallet/payments", null, "k", "{\"amount\": 1, \"merchant\": \"m\"}")}) {
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.header("WWW-Authenticate")).startsWith("Bearer");
        }
        // HEAD goes through the same check (it never answers 200 without a token).
        Answer head = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/wallet"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(401);
    }

    @Test
    void tokenWhenForAnotherAudienceThen401InvalidToken() {
        String other = issuer.token(user(), "http://127.0.0.1:9999", WalletContract.RW);
        assertInvalidToken(client.get("/wallet", other));
        assertInvalidToken(deposit(other, "k", "{\"amount\": 1}"));
    }

    @Test
    void tokenWhenExpiredThen401InvalidToken() {
        String expired = token(user(), c -> c.issueTime(Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));
        assertInvalidToken(client.get("/wallet", expired));
    }

    @Test
    void tokenWhenSignedByAnotherKeyOrTamperedThen401InvalidToken() {
        try (FakeIssuer impostor = FakeIssuer.start()) {
            String forged = impostor.token(user(), Wallets.AUDIENCE, WalletContract.RW,
                    c -> c.issuer(issuer.issuer()));
            assertInvalidToken(client.get("/wallet", forged));
        }
        String t = token(user(), WalletContract.RW);
        String[] parts = t.split("\\.");
        String otherSub = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"" + issuer.issuer() + "\",\"sub\":\"victim\",\"aud\":\"" + Wallets.AUDIENCE
                        + "\",\"scope\":\"wallet:read\",\"exp\":" + (Instant.now().getEpochSecond() + 300) + "}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertInvalidToken(client.get("/wallet", parts[0] + "." + otherSub + "." + parts[2]));
    }

    @Test
    void readOnlyTokenWhenMovingMoneyThen403InsufficientScope() {
        Answer a = deposit(token(user(), "wallet:read"), "k", "{\"amount\": 1}");
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.header("WWW-Authenticate")).contains("insufficient_scope");
    }

    @Test
    void writeOnlyTokenWhenReadingThen403InsufficientScope() {
        Answer a = client.get("/wallet", token(user(), "wallet:write"));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.header("WWW-Authenticate")).contains("insufficient_scope");
    }

    @Test
    void clientOwnTokenWhenCallingThen403InsufficientScope() {
        // RFC 6750 §3.1: the token is valid (401 invalid_token would send the client for another one, no better); it
        // lacks the right to a wallet, which is 403 insufficient_scope.
        String t = issuer.token("wallet-web", Wallets.AUDIENCE, WalletContract.RW,
                c -> c.claim("gty", "client_credentials"));
        for (Answer a : List.of(client.get("/wallet", t), deposit(t, "k", "{\"amount\": 1}"))) {
            assertThat(a.status()).isEqualTo(403);
            assertThat(a.header("WWW-Authenticate")).startsWith("Bearer realm=\"wallet\"")
                    .contains("error=\"insufficient_scope\"").doesNotContain("invalid_token").doesNotContain("scope=");
            assertThat(a.json().get("error").asText()).isEqualTo("insufficient_scope");
        }
    }

    @Test
    void tokenWhoseSubjectIsUnusableThen401InvalidTokenWithChallenge() {
        Answer a = client.get("/wallet", token("s".repeat(256), WalletContract.RW));
        assertInvalidToken(a);
        assertThat(a.json().get("error").asText()).isEqualTo("invalid_token");
    }

    private static void assertInvalidToken(Answer a) {
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
    }

    // --- IDOR: the wallet is the token's subject's, whatever the request says

    @Test
    void otherUsersWalletWhenNamedAnywhereInTheRequestThenNeverReached() {
        String alice = user();
        String bob = user();
        String aliceToken = token(alice, WalletContract.RW);
        String bobToken = token(bob, WalletContract.RW);
        assertThat(deposit(aliceToken, "a1", "{\"amount\": 5000}").status()).isEqualTo(201);

        // Bob sees only his own, empty wallet, whatever he adds to the URL.
        for (String path : new String[] {"/wallet", "/wallet?sub=" + alice, "/wallet?owner=" + alice,
                "/wallet?user=" + alice}) {
            Answer a = client.get(path, bobToken);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.balance()).isZero();
            assertThat(a.json().get("entries")).isEmpty();
        }
        assertThat(client.get("/wallet/" + alice, bobToken).status()).isIn(404, 405);
        assertThat(client.get("/wallets/" + alice, bobToken).status()).isEqualTo(404);

        // A body member naming a wallet is refused, not honoured.
        for (String member : new String[] {"sub", "owner", "wallet", "user", "account"}) {
            Answer a = client.post("/wallet/withdrawals", bobToken, UUID.randomUUID().toString(),
                    "{\"amount\": 100, \"" + member + "\": \"" + alice + "\"}");
            assertThat(a.status()).isEqualTo(400);
        }
        // A withdrawal with Bob's token moves Bob's money (none): Alice's wallet is untouched.
        assertThat(client.post("/wallet/withdrawals", bobToken, "x", "{\"amount\": 100}").status()).isEqualTo(409);
        // Idempotency keys are per user: Bob reusing Alice's key is his own first request, not her replay.
        Answer bobDeposit = deposit(bobToken, "a1", "{\"amount\": 5000}");
        assertThat(bobDeposit.status()).isEqualTo(201);
        assertThat(bobDeposit.header("Idempotent-Replayed")).isNull();
        assertThat(deposit(bobToken, "a1", "{\"amount\": 7}").status()).isEqualTo(422);

        Answer aliceView = client.get("/wallet", aliceToken);
        assertThat(aliceView.balance()).isEqualTo(5000);
        assertThat(aliceView.json().get("entries")).hasSize(1);
        assertThat(client.get("/wallet", bobToken).balance()).isEqualTo(5000);
    }

    // --- bad input: a problem that says what is wrong, nothing moves

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount\": ", "not json", "", "[1]", "\"amount\"", "{\"amount\": \"100\"}",
            "{\"amount\": 1.5}", "{\"amount\": 1e3}", "{\"amount\": 0}", "{\"amount\": -5}", "{\"amount\": null}",
            "{\"amount\": true}", "{\"amount\": 1000000000001}", "{\"amount\": 99999999999999999999999}",
            "{}", "{\"amount\": 1, \"amount\": 2}", "{\"amount\": 1, \"merchant\": \"m\"}", "{\"amount\": 1} {}",
            "{\"amount\": 1, \"currency\": \"USD\"}"})
    void depositWhenBodyMalformedThen400ProblemAndNothingMoves(String body) {
        String t = token(user(), WalletContract.RW);
        Answer a = deposit(t, UUID.randomUUID().toString(), body);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
        assertThat(a.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(a.json().get("detail").asText()).isNotBlank();
        assertThat(client.get("/wallet", t).balance()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount\": 1}", "{\"amount\": 1, \"merchant\": \"\"}",
            "{\"amount\": 1, \"merchant\": 7}", "{\"amount\": 1, \"merchant\": \"a\\u0000b\"}"})
    void paymentWhenMerchantMissingOrBadThen400(String body) {
        Answer a = client.post("/wallet/payments", token(user(), WalletContract.RW), "k", body);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).contains("merchant");
    }

    @Test
    void paymentWhenMerchantTooLongThen400() {
        String body = "{\"amount\": 1, \"merchant\": \"" + "가".repeat(101) + "\"}";
        assertThat(client.post("/wallet/payments", token(user(), WalletContract.RW), "k", body).status())
                .isEqualTo(400);
    }

    @Test
    void bodyWhenOverTheLimitThen413() {
        String t = token(user(), WalletContract.RW);
        Answer a = deposit(t, "k", "{\"amount\": 1, \"pad\": \"" + "x".repeat(5000) + "\"}");
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
        // Streamed without Content-Length: still cut off at the limit.
        Answer chunked = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/wallet/deposits"))
                .header("Authorization", "Bearer " + t).header("Idempotency-Key", "k2")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"amount\": 1, \"pad\": \"" + "x".repeat(5000) + "\"}").getBytes()))));
        assertThat(chunked.status()).isEqualTo(413);
    }

    @Test
    void bodyWhenNotJsonContentTypeThen415() {
        Answer a = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/wallet/deposits"))
                .header("Authorization", "Bearer " + token(user(), WalletContract.RW))
                .header("Idempotency-Key", "k").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("amount=1")));
        assertThat(a.status()).isEqualTo(415);
    }

    @Test
    void unknownPathOrMethodThenProblem() {
        Answer a = client.get("/nope", null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
    }

    // --- the browser app's support routes

    @Test
    void configJsonThenIssuerClientIdAndAudience() {
        Answer a = client.get("/config.json", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("issuer").asText()).isEqualTo(issuer.issuer());
        assertThat(a.json().get("clientId").asText()).isEqualTo("wallet-web");
        assertThat(a.json().get("audience").asText()).isEqualTo(Wallets.AUDIENCE);
        // By default the app's logout returns to the wallet's own origin (the port it listens on).
        assertThat(a.json().get("postLogoutRedirectUri").asText()).isEqualTo("http://127.0.0.1:" + wallet.port() + "/");
    }

    @Test
    void postLogoutRedirectUriWhenSetThenInConfigAndWhenNotAUrlThenRefused() {
        WalletSettings s = Wallets.settings(issuer, db).withPostLogoutRedirectUri(Optional.of("https://wallet.example/bye"));
        assertThat(s.postLogoutRedirectUri(8081)).isEqualTo("https://wallet.example/bye");
        assertThat(Wallets.settings(issuer, db).postLogoutRedirectUri(8081)).isEqualTo("http://127.0.0.1:8081/");
        assertThatThrownBy(() -> Wallets.settings(issuer, db).withPostLogoutRedirectUri(Optional.of("javascript:x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--post-logout-redirect-uri");
    }

    @Test
    void pagesWhenServedThenIndexAtRootAndCallbackWithCspAllowingTheIssuer() {
        Answer root = client.get("/", null);
        Answer callback = client.get("/callback?code=abc&state=xyz", null);
        assertThat(root.status()).isEqualTo(200);
        assertThat(callback.status()).isEqualTo(200);
        assertThat(callback.raw().body()).isEqualTo(root.raw().body()).contains("<html");
        for (Answer a : new Answer[] {root, callback, client.get("/config.json", null)}) {
            assertThat(a.header("Content-Security-Policy")).contains("connect-src 'self' " + issuer.issuer())
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(a.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }
}
