package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.tokenbooth.server.keys.SigningKey;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Access-token attacks on {@code GET /api/v1/me} (RFC 8725, RFC 9068 §4, checklist items 1-6). Every forged token
 * differs from a token the server accepts ({@link #meWhenForgedWithServerKeyAndValidClaimsThen200}) in exactly one
 * respect, so each refusal is caused by that respect. H2 only: nothing here depends on the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTokenAttackTest {
    private static final String PASSWORD = "violet-staple-orbit-42";
    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private String accountId;
    private String accessToken;
    private String refreshToken;
    private SigningKey serverKey;
    private ECKey attackerEc;
    private RSAKey attackerRsa;
    private HttpServer attackerJwks;
    private final AtomicInteger attackerHits = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        app.server().signup("mallory_target", PASSWORD);
        TestServer.Response login = app.server().login("mallory_target", PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        accessToken = login.text("access_token");
        refreshToken = login.text("refresh_token");
        accountId = app.server().get("/api/v1/me", "Authorization", "Bearer " + accessToken).text("id");
        serverKey = app.server().tokenbooth().services().keys.ring().signingKey("ES256", app.server().clock.instant())
                .orElseThrow();
        attackerEc = new ECKeyGenerator(Curve.P_256).keyID("attacker-ec").generate();
        attackerRsa = new RSAKeyGenerator(2048).keyID("attacker-rsa").generate();
        // An attacker-controlled JWKS endpoint: the server must never fetch it.
        byte[] jwks = new JWKSet(List.of(attackerEc.toPublicJWK(), attackerRsa.toPublicJWK())).toString(true)
                .getBytes(StandardCharsets.UTF_8);
        attackerJwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attackerJwks.createContext("/", exchange -> {
            attackerHits.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        attackerJwks.start();
    }

    @AfterAll
    void stop() {
        if (attackerJwks != null) {
            attackerJwks.stop(0);
        }
    }

    // ---- building blocks ----------------------------------------------------------------------------------------

    private Instant now() {
        return app.server().clock.instant();
    }

    /** Claims the server accepts: our issuer and audience, a real account, valid times. */
    private JWTClaimsSet.Builder validClaims() {
        Instant now = now();
        return new JWTClaimsSet.Builder()
                .issuer(app.server().issuer())
                .subject(accountId)
                .audience(app.server().issuer())
                .expirationTime(Date.from(now.plusSeconds(300)))
                .issueTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", "first-party")
                .claim("scope", "api");
    }

    private JWSHeader.Builder validHeader() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).keyID(serverKey.kid());
    }

    /** Signed with the server's own private key. */
    private String serverSigned(JWSHeader header, JWTClaimsSet claims) {
        return Jwts.sign(header, claims, serverKey.signer());
    }

    private String serverSigned(UnaryOperator<JWTClaimsSet.Builder> change) {
        return serverSigned(validHeader().build(), change.apply(validClaims()).build());
    }

    private TestServer.Response me(String token) {
        return app.server().get("/api/v1/me", "Authorization", "Bearer " + token);
    }

    private void assertRefused(String token) {
        TestServer.Response r = me(token);
        Answers.assertError(r, 401, "invalid_token");
        assertThat(r.header("WWW-Authenticate")).as(r.toString())
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer ").contains("error=\"invalid_token\""));
        assertThat(r.body()).doesNotContain(accountId);
    }

    private String headerJson(String alg) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + serverKey.kid() + "\"}";
    }

    // ---- controls: the harness builds tokens the server accepts --------------------------------------------------

    @Test
    void meWhenIssuedAccessTokenThen200() {
        TestServer.Response r = me(accessToken);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("id")).isEqualTo(accountId);
    }

    @Test
    void meWhenForgedWithServerKeyAndValidClaimsThen200() {
        TestServer.Response r = me(serverSigned(c -> c));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("username")).isEqualTo("mallory_target");
    }

    @Test
    void meWhenExpiredTenSecondsAgoWithinDefaultSkewThen200() {
        Instant now = now();
        String token = serverSigned(c -> c.expirationTime(Date.from(now.minusSeconds(10)))
                .issueTime(Date.from(now.minusSeconds(610))));
        TestServer.Response r = me(token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void meWhenIssuedTenSecondsInFutureWithinDefaultSkewThen200() {
        Instant now = now();
        String token = serverSigned(c -> c.issueTime(Date.from(now.plusSeconds(10)))
                .notBeforeTime(Date.from(now.plusSeconds(10))));
        TestServer.Response r = me(token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    // ---- malformed and missing credentials ----------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"garbage", "a.b.c", "..", "....", "eyJhbGciOiJFUzI1NiJ9", "eyJhbGciOiJFUzI1NiJ9.e30",
            "eyJ9.eyJ9.eyJ9", "%00%00", "Bearer", "{\"alg\":\"none\"}"})
    void meWhenGarbageTokenThen401(String token) {
        assertRefused(token);
    }

    @Test
    void meWhenTokenPaddedToNearlyJettyHeaderLimitThen401() {
        // Jetty caps all request headers at 8 KiB (431 before our code runs; see ResponseHygieneTest).
        assertRefused(accessToken + "A".repeat(7600 - accessToken.length()));
    }

    @Test
    void meWhenSignatureTamperedPayloadThen401() {
        String[] parts = accessToken.split("\\.");
        String otherSub = validClaims().subject(UUID.randomUUID().toString()).build().toString();
        assertRefused(parts[0] + "." + Jwts.b64(otherSub) + "." + parts[2]);
    }

    @Test
    void meWhenSignatureStrippedThen401() {
        String[] parts = accessToken.split("\\.");
        assertRefused(parts[0] + "." + parts[1] + ".");
        assertRefused(parts[0] + "." + parts[1]);
    }

    @Test
    void meWhenNoAuthorizationHeaderThen401() {
        TestServer.Response r = app.server().get("/api/v1/me");
        Answers.assertError(r, 401, "invalid_token");
        assertThat(r.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer "));
    }

    @Test
    void meWhenBasicSchemeThen401() {
        String basic = Base64.getEncoder()
                .encodeToString(("mallory_target:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        TestServer.Response r = app.server().get("/api/v1/me", "Authorization", "Basic " + basic);
        Answers.assertError(r, 401, "invalid_token");
        assertThat(r.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer "));
    }

    @Test
    void meWhenAccessTokenOnlyInQueryParameterThen401() {
        Answers.assertError(app.server().get("/api/v1/me?access_token=" + accessToken), 401, "invalid_token");
    }

    @Test
    void meWhenRefreshTokenPresentedAsBearerThen401() {
        assertRefused(refreshToken);
    }

    // ---- alg: none and algorithm confusion ----------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] alg={0}")
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void meWhenAlgNoneThen401(String alg) {
        JWTClaimsSet claims = validClaims().build();
        String token = Jwts.unsigned(headerJson(alg), claims);
        assertRefused(token);
        // Also with a signature part copied from a real token, and without a kid.
        assertRefused(token + accessToken.split("\\.")[2]);
        assertRefused(Jwts.unsigned("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\"}", claims));
    }

    Stream<Arguments> publicKeyEncodings() throws Exception {
        byte[] jwksDocument = app.server().get("/.well-known/jwks.json").body().getBytes(StandardCharsets.UTF_8);
        ECKey pub = serverKey.publicJwk().toECKey();
        byte[] der = pub.toPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        ByteArrayOutputStream point = new ByteArrayOutputStream();
        point.write(4);
        point.write(pub.getX().decode());
        point.write(pub.getY().decode());
        return Stream.of(
                Arguments.of("JWKS document as served", jwksDocument),
                Arguments.of("JWK JSON", pub.toJSONString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of("PEM", pem.getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("PEM without final newline", pem.strip().getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("DER SubjectPublicKeyInfo", der),
                Arguments.of("raw uncompressed EC point", point.toByteArray()));
    }

    @ParameterizedTest(name = "[{index}] secret = {0}")
    @MethodSource("publicKeyEncodings")
    void meWhenResignedAsHs256WithPublicKeyThen401(String encoding, byte[] secret) throws Exception {
        JWTClaimsSet claims = validClaims().build();
        String hs256 = Jwts.hmac("HS256", headerJson("HS256"), claims, secret);
        // The forgery is a correct HMAC: an independent HMAC verifier keyed with the same bytes accepts it.
        assertThat(com.nimbusds.jwt.SignedJWT.parse(hs256).verify(new com.nimbusds.jose.crypto.MACVerifier(secret)))
                .isTrue();
        for (String alg : List.of("HS256", "HS384", "HS512")) {
            assertRefused(Jwts.hmac(alg, headerJson(alg), claims, secret));
            assertRefused(Jwts.hmac(alg, "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\"}", claims, secret));
        }
    }

    // ---- keys not ours -----------------------------------------------------------------------------------------

    @Test
    void meWhenOurKidButSignedByAnotherEcKeyThen401() throws Exception {
        assertRefused(Jwts.sign(validHeader().build(), validClaims().build(), new ECDSASigner(attackerEc)));
    }

    @Test
    void meWhenOurKidButRs256SignedByAttackerRsaKeyThen401() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).keyID(serverKey.kid()).build();
        assertRefused(Jwts.sign(header, validClaims().build(), new RSASSASigner(attackerRsa)));
    }

    @Test
    void meWhenUnknownKidThen401() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).keyID(attackerEc.getKeyID()).build();
        assertRefused(Jwts.sign(header, validClaims().build(), new ECDSASigner(attackerEc)));
    }

    @Test
    void meWhenUnknownKidButServerKeySignedThen401() {
        // Even a genuine signature is not found by trying keys: the kid selects the key.
        assertRefused(serverSigned(validHeader().keyID("no-such-kid").build(), validClaims().build()));
    }

    @Test
    void meWhenJkuPointsAtAttackerJwksThen401AndItIsNeverFetched() throws Exception {
        URI jku = URI.create("http://127.0.0.1:" + attackerJwks.getAddress().getPort() + "/jwks.json");
        int before = attackerHits.get();
        ECDSASigner attacker = new ECDSASigner(attackerEc);
        JWSHeader.Builder base = new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).jwkURL(jku);
        assertRefused(Jwts.sign(base.keyID(attackerEc.getKeyID()).build(), validClaims().build(), attacker));
        assertRefused(Jwts.sign(base.keyID(serverKey.kid()).build(), validClaims().build(), attacker));
        assertRefused(Jwts.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).jwkURL(jku).build(),
                validClaims().build(), attacker));
        JWSHeader x5u = new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).x509CertURL(jku)
                .keyID(attackerEc.getKeyID()).build();
        assertRefused(Jwts.sign(x5u, validClaims().build(), attacker));
        assertThat(attackerHits.get()).as("requests to the attacker's JWKS").isEqualTo(before);
        // The attacker server does answer, so a server following jku would have found the key.
        assertThat(HttpProbe.get(jku)).contains(attackerEc.getKeyID());
    }

    @Test
    void meWhenEmbeddedJwkHeaderWithAttackerKeyThen401() throws Exception {
        ECDSASigner attacker = new ECDSASigner(attackerEc);
        ECKey embedded = attackerEc.toPublicJWK();
        assertRefused(Jwts.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).jwk(embedded)
                .keyID(attackerEc.getKeyID()).build(), validClaims().build(), attacker));
        assertRefused(Jwts.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).jwk(embedded)
                .keyID(serverKey.kid()).build(), validClaims().build(), attacker));
        assertRefused(Jwts.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).jwk(embedded).build(),
                validClaims().build(), attacker));
        JWSHeader rsaEmbedded = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT)
                .jwk(attackerRsa.toPublicJWK()).build();
        assertRefused(Jwts.sign(rsaEmbedded, validClaims().build(), new RSASSASigner(attackerRsa)));
    }

    // ---- right signature, wrong token --------------------------------------------------------------------------

    @Test
    void meWhenTypJwtThen401() {
        assertRefused(serverSigned(validHeader().type(JOSEObjectType.JWT).build(), validClaims().build()));
    }

    @Test
    void meWhenTypMissingThen401() {
        assertRefused(serverSigned(validHeader().type(null).build(), validClaims().build()));
    }

    @Test
    void meWhenTypIsAnotherTokenTypeThen401() {
        for (String typ : List.of("id_token+jwt", "refresh+jwt", "application/jwt")) {
            assertRefused(serverSigned(validHeader().type(new JOSEObjectType(typ)).build(), validClaims().build()));
        }
    }

    @Test
    void meWhenWrongIssThen401() {
        assertRefused(serverSigned(c -> c.issuer("https://evil.example")));
        assertRefused(serverSigned(c -> c.issuer(app.server().issuer() + "/")));
        assertRefused(serverSigned(c -> c.issuer(app.server().issuer().toUpperCase(java.util.Locale.ROOT))));
        assertRefused(serverSigned(c -> c.issuer(null)));
    }

    @Test
    void meWhenWrongAudThen401() {
        assertRefused(serverSigned(c -> c.audience("https://api-b.example")));
        assertRefused(serverSigned(c -> c.audience(List.of("https://api-b.example", app.server().issuer() + "/"))));
        assertRefused(serverSigned(c -> c.audience((String) null)));
    }

    @Test
    void meWhenExpiredBeyondSkewThen401() {
        Instant now = now();
        assertRefused(serverSigned(c -> c.expirationTime(Date.from(now.minusSeconds(31)))
                .issueTime(Date.from(now.minusSeconds(631)))));
    }

    @Test
    void meWhenExpMissingThen401() {
        assertRefused(serverSigned(c -> c.expirationTime(null)));
    }

    @Test
    void meWhenIatInFutureBeyondSkewThen401() {
        Instant now = now();
        assertRefused(serverSigned(c -> c.issueTime(Date.from(now.plusSeconds(31)))));
    }

    @Test
    void meWhenNbfInFutureBeyondSkewThen401() {
        Instant now = now();
        assertRefused(serverSigned(c -> c.notBeforeTime(Date.from(now.plusSeconds(31)))));
    }

    @Test
    void meWhenSubjectIsNoAccountThen401() {
        assertRefused(serverSigned(c -> c.subject(UUID.randomUUID().toString())));
    }

    @Test
    void meWhenHeaderHasCriticalUnknownExtensionThen401() {
        // RFC 7515 §4.1.11: a verifier must refuse a "crit" parameter it does not understand.
        JWSHeader header = validHeader().criticalParams(java.util.Set.of("exp-ext")).customParam("exp-ext", 1).build();
        assertRefused(serverSigned(header, validClaims().build()));
    }

    /** A minimal GET for checking that the attacker server answers. */
    private static final class HttpProbe {
        static String get(URI uri) throws Exception {
            try (var c = java.net.http.HttpClient.newHttpClient()) {
                return c.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            }
        }
    }
}
