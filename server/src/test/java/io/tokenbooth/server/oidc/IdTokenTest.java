package io.tokenbooth.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ID tokens (OIDC Core §2, §3.1.3.6, §3.1.3.7) verified with jose4j, an independent JOSE library, from the published
 * JWKS URL only; {@code at_hash} recomputed here from the access token. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdTokenTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private RegisteredClient web;

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        web = kit.webClient();
    }

    static JwtConsumer consumer(TestServer server, String audience, String alg) {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(
                        new HttpsJwks(server.url("/.well-known/jwks.json"))))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
                .setExpectedIssuer(server.issuer())
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setExpectedType(true, "JWT")
                .setEvaluationTime(NumericDate.fromMilliseconds(server.clock.millis()))
                .build();
    }

    /** OIDC Core §3.1.3.6, computed independently of the server's code. */
    static String atHash(String accessToken, String jcaHash) throws Exception {
        byte[] digest = MessageDigest.getInstance(jcaHash).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
    }

    @Test
    void idTokenWhenCodeExchangedThenVerifiesFromJwksWithEveryRequiredClaim() throws Exception {
        String account = kit.newAccount();
        TestServer.Response r = kit.exchange(web, kit.code(web, account).nonce("n-0S6_WzA2Mj").create());
        String idToken = r.text("id_token");

        JwtClaims claims = consumer(app.server(), web.id(), AlgorithmIdentifiers.RSA_USING_SHA256)
                .processToClaims(idToken);
        JsonWebStructure jws = JsonWebStructure.fromCompactSerialization(idToken);
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("RS256");
        assertThat(jws.getHeader("typ")).isEqualTo("JWT");
        assertThat(jws.getKeyIdHeaderValue()).isNotBlank();
        assertThat(claims.getIssuer()).isEqualTo(app.server().issuer());
        assertThat(claims.getSubject()).isEqualTo(account);
        assertThat(claims.getAudience()).containsExactly(web.id());
        assertThat(claims.getStringClaimValue("azp")).isEqualTo(web.id());
        assertThat(claims.getStringClaimValue("nonce")).isEqualTo("n-0S6_WzA2Mj");
        assertThat(claims.getStringClaimValue("acr")).isEqualTo("1");
        assertThat(claims.getStringListClaimValue("amr")).containsExactly("pwd");
        long authTime = claims.getNumericDateClaimValue("auth_time").getValue();
        long now = app.server().clock.instant().getEpochSecond();
        assertThat(authTime).isBetween(now - 60, now);
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(900);
        assertThat(claims.getStringClaimValue("at_hash")).isEqualTo(atHash(r.text("access_token"), "SHA-256"));
        assertThat(claims.hasClaim("sid")).isFalse();
    }

    @Test
    void idTokenWhenNoNonceRequestedThenNoNonceClaim() throws Exception {
        TestServer.Response r = kit.exchange(web, kit.code(web, kit.newAccount()).create());
        JwtClaims claims = consumer(app.server(), web.id(), AlgorithmIdentifiers.RSA_USING_SHA256)
                .processToClaims(r.text("id_token"));
        assertThat(claims.hasClaim("nonce")).isFalse();
    }

    @Test
    void idTokenWhenPresentedAsAccessTokenThenRefused() {
        String idToken = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("id_token");
        assertThat(kit.userInfo(idToken).status()).isEqualTo(401);
        assertThat(app.server().get("/api/v1/me", "Authorization", "Bearer " + idToken).status()).isEqualTo(401);
    }

    @Test
    void idTokenWhenForAnotherClientOrTamperedThenIndependentVerifierRefuses() {
        String idToken = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("id_token");
        assertThatThrownBy(() -> consumer(app.server(), "someone-else", AlgorithmIdentifiers.RSA_USING_SHA256)
                .processToClaims(idToken)).isInstanceOf(InvalidJwtException.class);
        String[] parts = idToken.split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"mallory\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> consumer(app.server(), web.id(), AlgorithmIdentifiers.RSA_USING_SHA256)
                .processToClaims(tampered)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void idTokenWhenEdDsaConfiguredThenAtHashUsesSha512() throws Exception {
        try (TestDatabase other = TestDatabase.create(TestDatabase.Kind.H2);
             TestServer ed = TestServer.builder(other).set("oauth.id-token-algorithm", "EdDSA").start()) {
            OAuthTestKit edKit = new OAuthTestKit(ed);
            RegisteredClient c = edKit.webClient();
            TestServer.Response r = edKit.exchange(c, edKit.code(c, edKit.newAccount()).create());
            JsonWebSignature jws = (JsonWebSignature) JsonWebStructure.fromCompactSerialization(r.text("id_token"));
            assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("EdDSA");
            JwtClaims claims = consumer(ed, c.id(), AlgorithmIdentifiers.EDDSA).processToClaims(r.text("id_token"));
            assertThat(claims.getStringClaimValue("at_hash")).isEqualTo(atHash(r.text("access_token"), "SHA-512"));
            List<String> algs = List.of(ed.get("/.well-known/openid-configuration").json()
                    .get("id_token_signing_alg_values_supported").get(0).asText());
            assertThat(algs).containsExactly("EdDSA");
        }
    }
}
