package io.tokenbooth.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each supported signing algorithm end to end: the server signs with it, publishes a JWK whose kid is the RFC 7638
 * thumbprint, and jose4j (an independent implementation) verifies the token from the JWKS URL alone.
 */
class SigningAlgorithmsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"EdDSA, OKP, Ed25519", "RS256, RSA, ", "ES256, EC, P-256"})
    void loginWhenAlgorithmConfiguredThenTokenVerifiesWithJose4jAndKidIsThumbprint(String alg, String kty, String crv)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             TestServer server = TestServer.builder(db).set("tokens.algorithm", alg).start()) {
            server.signup("alg_user", KeyRotationContract.PASSWORD);
            TestServer.Response login = server.login("alg_user", KeyRotationContract.PASSWORD);
            assertThat(login.status()).isEqualTo(200);
            String token = login.text("access_token");
            JsonNode header = KeyRotationContract.header(token);
            assertThat(header.get("alg").asText()).isEqualTo(alg);
            assertThat(header.get("typ").asText()).isEqualTo("at+jwt");

            JsonNode keys = server.get("/.well-known/jwks.json").json().get("keys");
            JsonNode published = null;
            for (JsonNode key : keys) {
                assertThat(key.has("d")).as("private part published in %s", key).isFalse();
                JsonWebKey jwk = JsonWebKey.Factory.newJwk(key.toString());
                assertThat(jwk.getKeyId()).as("RFC 7638 thumbprint").isEqualTo(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
                if (jwk.getKeyId().equals(header.get("kid").asText())) {
                    published = key;
                }
            }
            assertThat(published).as("the signing key %s is in the JWKS %s", header.get("kid"), keys).isNotNull();
            assertThat(published.get("kty").asText()).isEqualTo(kty);
            assertThat(published.get("alg").asText()).isEqualTo(alg);
            assertThat(published.get("use").asText()).isEqualTo("sig");
            if (crv != null) {
                assertThat(published.get("crv").asText()).isEqualTo(crv);
            }

            JwtConsumer consumer = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(
                            new HttpsJwks(server.url("/.well-known/jwks.json"))))
                    .setExpectedIssuer(server.issuer())
                    .setExpectedAudience(server.issuer())
                    .setRequireExpirationTime()
                    .setRequireSubject()
                    .setExpectedType(true, "at+jwt")
                    .setEvaluationTime(NumericDate.fromMilliseconds(server.clock.millis()))
                    .build();
            JwtClaims claims = consumer.processToClaims(token);
            assertThat(claims.getSubject()).isEqualTo(
                    server.get("/api/v1/me", "Authorization", "Bearer " + token).text("id"));

            // A signature altered by one bit fails jose4j too (so the check above is not vacuous).
            String[] parts = token.split("\\.");
            byte[] sig = java.util.Base64.getUrlDecoder().decode(parts[2]);
            sig[sig.length / 2] ^= 0x01;
            String forged = parts[0] + "." + parts[1] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> consumer.processToClaims(forged))
                    .isInstanceOf(org.jose4j.jwt.consumer.InvalidJwtException.class);
            assertThat(server.get("/api/v1/me", "Authorization", "Bearer " + forged).status()).isEqualTo(401);
        }
    }
}
