package io.tokenbooth.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import io.tokenbooth.server.token.AccessTokenMinter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signing key rotation observed over HTTP, run once per database (see the H2 and PostgreSQL subclasses). Each test has
 * its own server and database, since rotations and clock moves change state the next test would see.
 */
abstract class KeyRotationContract {
    static final String PASSWORD = "correct horse battery staple";
    private static final ObjectMapper JSON = new ObjectMapper();

    protected TestDatabase db;
    protected TestServer server;

    protected abstract TestDatabase.Kind kind();

    @BeforeEach
    void start() {
        db = TestDatabase.create(kind());
        server = TestServer.builder(db).start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    static JsonNode header(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String kid(String jwt) {
        return header(jwt).get("kid").asText();
    }

    /** Every published kid (access-token keys and the ID-token key). */
    static List<String> jwksKids(TestServer s) {
        return jwksKids(s, null);
    }

    /** The published kids of one algorithm ({@code null}: all). */
    static List<String> jwksKids(TestServer s, String alg) {
        TestServer.Response r = s.get("/.well-known/jwks.json");
        assertThat(r.status()).isEqualTo(200);
        List<String> kids = new ArrayList<>();
        r.json().get("keys").forEach(k -> {
            if (alg == null || alg.equals(k.get("alg").asText())) {
                kids.add(k.get("kid").asText());
            }
        });
        return kids;
    }

    private List<String> es256Kids() {
        return jwksKids(server, "ES256");
    }

    private String newUser() {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        server.signup(name, PASSWORD);
        return name;
    }

    private String loginToken(String name) {
        TestServer.Response r = server.login(name, PASSWORD);
        assertThat(r.status()).as("login %s", r).isEqualTo(200);
        return r.text("access_token");
    }

    private int me(String accessToken) {
        return server.get("/api/v1/me", "Authorization", "Bearer " + accessToken).status();
    }

    /** A well-formed, unexpired access token for {@code subject} signed with {@code key}, as the server would mint it. */
    private String signWith(SigningKey key, String subject) throws Exception {
        Instant now = server.clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(server.issuer()).subject(subject).audience(server.issuer())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString()).claim("client_id", "first-party").claim("scope", "api").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(key.alg()))
                .type(AccessTokenMinter.AT_JWT).keyID(key.kid()).build(), claims);
        jwt.sign(key.signer());
        return jwt.serialize();
    }

    private KeyService keys() {
        return server.tokenbooth().services().keys;
    }

    @Test
    void rotateWhenDelayZeroThenJwksListsBothAndNewKidSigns() {
        String name = newUser();
        String before = loginToken(name);
        String oldKid = kid(before);
        assertThat(es256Kids()).containsExactly(oldKid);

        StoredKey rotated = keys().rotate("ES256", Duration.ZERO);
        assertThat(rotated.kid()).isNotEqualTo(oldKid);
        assertThat(es256Kids()).containsExactlyInAnyOrder(oldKid, rotated.kid());

        String after = loginToken(name);
        assertThat(header(after).get("alg").asText()).isEqualTo("ES256");
        assertThat(kid(after)).isEqualTo(rotated.kid());
        assertThat(me(after)).isEqualTo(200);
        // A token signed before the rotation still verifies: its key stays published.
        assertThat(me(before)).isEqualTo(200);
    }

    @Test
    void rotateWhenGraceOverAndReloadedThenOldKidUnpublishedAndItsTokensRefused() throws Exception {
        String name = newUser();
        String before = loginToken(name);
        String oldKid = kid(before);
        String subject = server.get("/api/v1/me", "Authorization", "Bearer " + before).text("id");
        StoredKey rotated = keys().rotate("ES256", Duration.ZERO);
        SigningKey oldKey = keys().ring().all().stream().filter(k -> k.kid().equals(oldKid)).findFirst().orElseThrow();
        // Control: a fresh token under the old key is accepted while that key is still published.
        assertThat(me(signWith(oldKey, subject))).isEqualTo(200);

        // Retired keys stay published for the longest token lifetime (here the ID tokens' 15 minutes) plus skew.
        var config = server.tokenbooth().services().config;
        Duration longest = config.oauth().idTokenTtl().compareTo(config.tokens().accessTtl()) > 0
                ? config.oauth().idTokenTtl() : config.tokens().accessTtl();
        server.clock.advance(longest.plus(config.tokens().clockSkew()).minusSeconds(1));
        keys().reload();
        assertThat(es256Kids()).as("still published just before the grace ends").contains(oldKid);
        server.clock.advance(Duration.ofSeconds(2));
        keys().reload();

        assertThat(es256Kids()).containsExactly(rotated.kid());
        TestServer.Response old = server.get("/api/v1/me", "Authorization", "Bearer " + before);
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.text("error")).isEqualTo("invalid_token");
        // Not merely because it expired: an unexpired token under the unpublished key is refused too.
        assertThat(me(signWith(oldKey, subject))).isEqualTo(401);
        // The new key keeps working.
        String after = loginToken(name);
        assertThat(kid(after)).isEqualTo(rotated.kid());
        assertThat(me(after)).isEqualTo(200);
    }

    @Test
    void rotateWhenAClientHasLongerAccessTokensThenOldKidStaysPublishedThatLong() {
        String oldKid = kid(loginToken(newUser()));
        server.tokenbooth().services().clients.register(new io.tokenbooth.server.client.ClientRegistration(
                "long-lived-" + UUID.randomUUID().toString().substring(0, 8), java.util.Optional.empty(), false,
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), List.of(), List.of(),
                List.of("client_credentials"), List.of("read"), List.of(), List.of(), false,
                java.util.Optional.of(Duration.ofHours(2)), java.util.Optional.empty(), java.util.Optional.empty()));
        keys().rotate("ES256", Duration.ZERO);
        server.clock.advance(Duration.ofHours(1));
        keys().reload();
        assertThat(es256Kids()).as("a token that client got just before the rotation lives 2 hours").contains(oldKid);
        server.clock.advance(Duration.ofHours(1).plusMinutes(1));
        keys().reload();
        assertThat(es256Kids()).doesNotContain(oldKid);
    }

    @Test
    void rotateWhenDelayFiveMinutesThenPublishedAtOnceButSignsOnlyAfterDelay() {
        String name = newUser();
        String oldKid = kid(loginToken(name));

        StoredKey next = keys().rotate("ES256", Duration.ofMinutes(5));
        assertThat(es256Kids()).containsExactlyInAnyOrder(oldKid, next.kid());
        String duringDelay = loginToken(name);
        assertThat(kid(duringDelay)).isEqualTo(oldKid);

        server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        // No reload: the ring already holds the next key and its activation time.
        String afterDelay = loginToken(name);
        assertThat(kid(afterDelay)).isEqualTo(next.kid());
        assertThat(me(afterDelay)).isEqualTo(200);
        assertThat(me(duringDelay)).isEqualTo(200);
        assertThat(es256Kids()).containsExactlyInAnyOrder(oldKid, next.kid());
    }

    @Test
    void refreshWhenKeyRotatedThenNewAccessTokenUsesNewKid() {
        String name = newUser();
        TestServer.Response login = server.login(name, PASSWORD);
        StoredKey rotated = keys().rotate("ES256", Duration.ZERO);
        TestServer.Response refreshed = server.refresh(login.text("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(kid(refreshed.text("access_token"))).isEqualTo(rotated.kid());
    }

    @Test
    void restartWhenKeysRotatedThenSameKeysLoadedFromDatabase() {
        String name = newUser();
        StoredKey rotated = keys().rotate("ES256", Duration.ZERO);
        List<String> published = jwksKids(server);
        var clock = server.clock;
        server.close();
        server = null;
        server = TestServer.builder(db).clock(clock).start();
        // No new key is generated on restart: the stored ones decrypt with the same master key and keep signing.
        assertThat(jwksKids(server)).containsExactlyInAnyOrderElementsOf(published);
        assertThat(kid(loginToken(name))).isEqualTo(rotated.kid());
    }
}
