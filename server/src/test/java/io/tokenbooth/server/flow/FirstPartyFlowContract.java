package io.tokenbooth.server.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenbooth.server.testing.Race;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/**
 * The first-party login flow over real HTTP, run once per database (see the H2 and PostgreSQL subclasses).
 * Access tokens are checked with jose4j, an independent JOSE library, fed only the published JWKS URL.
 */
abstract class FirstPartyFlowContract {
    private static final String PASSWORD = "correct horse battery staple";
    /** The server on the subclass's database kind, registered there as a static {@code @RegisterExtension}. */
    private final RunningServer app;

    FirstPartyFlowContract(RunningServer app) {
        this.app = app;
    }

    private String newUser() {
        String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(name, PASSWORD);
        return name;
    }

    private JwtConsumer independentVerifier() {
        HttpsJwks jwks = new HttpsJwks(app.server().url("/.well-known/jwks.json"));
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setExpectedIssuer(app.server().issuer())
                .setExpectedAudience(app.server().issuer())
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedType(true, "at+jwt")
                .setEvaluationTime(org.jose4j.jwt.NumericDate.fromMilliseconds(app.server().clock.millis()))
                .build();
    }

    @Test
    void signupWhenValidThen201WithAccountAndNoPasswordHash() {
        String name = "new_" + UUID.randomUUID().toString().substring(0, 8);
        TestServer.Response r = app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", name, "password", PASSWORD, "email", name + "@example.com")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.text("username")).isEqualTo(name);
        assertThat(r.text("email")).isEqualTo(name + "@example.com");
        assertThat(r.text("id")).isNotBlank();
        assertThat(r.body()).doesNotContain("argon2").doesNotContain(PASSWORD);
    }

    @Test
    void loginWhenCredentialsRightThenTokenPairVerifiableWithJose4j() throws Exception {
        String name = newUser();
        TestServer.Response login = app.server().login(name, PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).contains("no-store");
        assertThat(login.text("token_type")).isEqualTo("Bearer");
        assertThat(login.json().get("expires_in").asLong()).isEqualTo(600);
        assertThat(login.json().get("refresh_expires_in").asLong()).isPositive();
        assertThat(login.text("refresh_token")).hasSizeGreaterThanOrEqualTo(43);

        JwtClaims claims = independentVerifier().processToClaims(login.text("access_token"));
        JsonNode me = app.server().get("/api/v1/me", "Authorization", "Bearer " + login.text("access_token")).json();
        assertThat(claims.getSubject()).isEqualTo(me.get("id").asText());
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo("first-party");
        assertThat(claims.getClaimValueAsString("scope")).isEqualTo("api");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(600);
        assertThat(claims.getJwtId()).isNotBlank();
    }

    @Test
    void jwksWhenFetchedThenPublicKeysOnlyWithThumbprintKids() throws Exception {
        TestServer.Response r = app.server().get("/.well-known/jwks.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/jwk-set+json"));
        JsonNode keys = r.json().get("keys");
        assertThat(keys.size()).isGreaterThanOrEqualTo(1);
        for (JsonNode key : keys) {
            assertThat(key.has("d")).as("private part of " + key).isFalse();
            assertThat(key.has("p")).isFalse();
            JsonWebKey jwk = JsonWebKey.Factory.newJwk(key.toString());
            assertThat(jwk.getKeyId()).isEqualTo(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        }
    }

    /** Past {@code tokens.refresh-reuse-grace} (default 10 s), in which a repeat of the spent token is a retry. */
    private static final Duration PAST_GRACE = Duration.ofSeconds(11);

    @Test
    void refreshWhenRotatedThenOldTokenReuseAfterGraceRevokesFamily() {
        String name = newUser();
        TestServer.Response login = app.server().login(name, PASSWORD);
        String first = login.text("refresh_token");

        TestServer.Response rotated = app.server().refresh(first);
        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.text("refresh_token");
        assertThat(second).isNotEqualTo(first);
        assertThat(app.server().get("/api/v1/me", "Authorization", "Bearer " + rotated.text("access_token")).status())
                .isEqualTo(200);

        app.server().clock.advance(PAST_GRACE);
        TestServer.Response replay = app.server().refresh(first);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.text("error")).isEqualTo("invalid_grant");
        // The replay revoked the whole family, including the token the legitimate client holds now.
        TestServer.Response afterReplay = app.server().refresh(second);
        assertThat(afterReplay.status()).isEqualTo(400);
        assertThat(afterReplay.text("error")).isEqualTo("invalid_grant");
        // Another login is unaffected.
        assertThat(app.server().refresh(app.server().login(name, PASSWORD).text("refresh_token")).status())
                .isEqualTo(200);
    }

    @Test
    void refreshWhenSpentTokenRetriedWithinGraceThenSameRefreshTokenAndFamilyStaysValid() throws Exception {
        String name = newUser();
        String first = app.server().login(name, PASSWORD).text("refresh_token");
        TestServer.Response winner = app.server().refresh(first);
        app.server().clock.advance(Duration.ofSeconds(9));
        TestServer.Response retry = app.server().refresh(first);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.text("refresh_token")).isEqualTo(winner.text("refresh_token"));
        JwtClaims claims = independentVerifier().processToClaims(retry.text("access_token"));
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo("first-party");
        assertThat(app.server().refresh(retry.text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void refreshWhenTokenTwoRotationsOldRepeatedWithinGraceThenFamilyRevoked() {
        String name = newUser();
        String first = app.server().login(name, PASSWORD).text("refresh_token");
        String second = app.server().refresh(first).text("refresh_token");
        String third = app.server().refresh(second).text("refresh_token");
        // Only the token spent last gets grace: first is two rotations old, a replay, not a retry.
        assertThat(app.server().refresh(first).text("error")).isEqualTo("invalid_grant");
        assertThat(app.server().refresh(third).text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void refreshWhenTwoConcurrentWithSameTokenThenBothGetTheSameRefreshTokenAndFamilyStaysValid() throws Exception {
        raceAndExpectOneResult(2);
    }

    @Test
    void refreshWhenEightConcurrentWithSameTokenThenAllGetTheSameRefreshTokenAndFamilyStaysValid() throws Exception {
        raceAndExpectOneResult(8);
    }

    private void raceAndExpectOneResult(int racers) throws Exception {
        String name = newUser();
        String token = app.server().login(name, PASSWORD).text("refresh_token");
        List<TestServer.Response> answers = Race.of(racers, () -> app.server().refresh(token));
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(answers).extracting(r -> r.text("refresh_token")).containsOnly(answers.get(0).text("refresh_token"));
        JwtConsumer verifier = independentVerifier();
        for (TestServer.Response r : answers) {
            assertThat(verifier.processToClaims(r.text("access_token")).getClaimValueAsString("client_id"))
                    .isEqualTo("first-party");
            assertThat(r.json().get("refresh_expires_in").asLong()).isPositive();
        }
        // The family is intact: the shared successor rotates once more.
        assertThat(app.server().refresh(answers.get(0).text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void logoutWhenCalledThenRefreshTokenNoLongerWorks() {
        String name = newUser();
        String refresh = app.server().login(name, PASSWORD).text("refresh_token");
        TestServer.Response out = app.server().postJson("/api/v1/logout",
                TestServer.json(Map.of("refresh_token", refresh)));
        assertThat(out.status()).isEqualTo(204);
        assertThat(app.server().refresh(refresh).text("error")).isEqualTo("invalid_grant");
        // Logging out twice, or with an unknown token, is not an error (RFC 7009 §2.2).
        assertThat(app.server().postJson("/api/v1/logout", TestServer.json(Map.of("refresh_token", refresh))).status())
                .isEqualTo(204);
        assertThat(app.server().postJson("/api/v1/logout", TestServer.json(Map.of("refresh_token", "nope"))).status())
                .isEqualTo(204);
    }

    @Test
    void refreshWhenIdleLifetimePassedThenInvalidGrant() {
        String name = newUser();
        String refresh = app.server().login(name, PASSWORD).text("refresh_token");
        app.server().clock.advance(Duration.ofDays(14).plusSeconds(1));
        assertThat(app.server().refresh(refresh).text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void accessTokenWhenExpiredThenMeAnswers401InvalidToken() {
        String name = newUser();
        String access = app.server().login(name, PASSWORD).text("access_token");
        app.server().clock.advance(Duration.ofMinutes(11));
        TestServer.Response me = app.server().get("/api/v1/me", "Authorization", "Bearer " + access);
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.text("error")).isEqualTo("invalid_token");
        assertThat(me.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer").contains("invalid_token"));
    }

    @Test
    void readyWhenDatabaseUpThen200() {
        assertThat(app.server().get("/health/ready").status()).isEqualTo(200);
        assertThat(app.server().get("/health/live").json().get("status").asText()).isEqualTo("UP");
    }
}
