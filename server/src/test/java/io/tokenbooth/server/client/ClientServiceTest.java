package io.tokenbooth.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.tokenbooth.server.app.Services;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.token.OpaqueTokens;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link ClientService} on a real embedded H2 database through {@link Services}: no mocks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientServiceTest {
    private static final String WEB_CB = "https://app.example.com/cb";
    private static final String OPERATOR_SECRET = "an-operator-chosen-secret-of-40-chars-xx";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00.123456789Z"));
    private TestDatabase db;
    private Services services;
    private ClientService clients;

    @BeforeAll
    void open() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        TokenboothConfig config = ConfigLoader.load(db.settings(), Map.of(), Optional.empty());
        services = Services.open(config, "http://127.0.0.1:8080", clock);
        services.database.migrate();
        clients = services.clients;
    }

    @AfterAll
    void close() {
        if (services != null) {
            services.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static String id() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A registration with everything empty; each test sets only what it varies. */
    private static Reg reg(String id) {
        return new Reg(id);
    }

    /** Mutable builder over {@link ClientRegistration}, so each test states only what it varies. */
    private static final class Reg {
        String clientId;
        Optional<String> name = Optional.empty();
        boolean publicClient;
        Optional<AuthMethod> method = Optional.empty();
        Optional<String> secret = Optional.empty();
        Optional<String> jwks = Optional.empty();
        List<String> redirects = new ArrayList<>();
        List<String> logoutRedirects = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        List<String> audiences = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        boolean firstParty;
        Optional<Duration> accessTtl = Optional.empty();

        Reg(String clientId) {
            this.clientId = clientId;
        }

        Reg redirect(String... uris) {
            redirects.addAll(List.of(uris));
            return this;
        }

        Reg grant(String... g) {
            grants.addAll(List.of(g));
            return this;
        }

        Reg scope(String... s) {
            scopes.addAll(List.of(s));
            return this;
        }

        Reg publicClient() {
            publicClient = true;
            return this;
        }

        Reg method(AuthMethod m) {
            method = Optional.of(m);
            return this;
        }

        Reg secret(String s) {
            secret = Optional.of(s);
            return this;
        }

        Reg jwks(String j) {
            jwks = Optional.of(j);
            return this;
        }

        Reg audience(String a) {
            audiences.add(a);
            return this;
        }

        Reg origin(String o) {
            origins.add(o);
            return this;
        }

        ClientRegistration build() {
            return new ClientRegistration(clientId, name, publicClient, method, secret, jwks, redirects, logoutRedirects,
                    grants, scopes, audiences, origins, firstParty, accessTtl, Optional.empty(), Optional.empty());
        }
    }

    private ClientService.Registered register(Reg r) {
        return clients.register(r.build());
    }

    private static void assertInvalidRequest(ThrowingCallable call, String descriptionPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OAuthException.class, e -> {
            assertThat(e.error()).isEqualTo("invalid_request");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.description()).contains(descriptionPart);
        });
    }

    private String storedSecretHash(String clientId) {
        return services.database.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select secret_hash from clients where client_id = ?")) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("row for " + clientId).isTrue();
                    return rs.getString(1);
                }
            }
        });
    }

    private String storedRowText(String clientId) {
        return services.database.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select * from clients where client_id = ?")) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    StringBuilder all = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        all.append(rs.getString(i)).append('|');
                    }
                    return all.toString();
                }
            }
        });
    }

    private static String publicEcJwks() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    private static String privateEcJwks() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        return new JWKSet(key).toString(false);
    }

    // ---- defaults ----

    @Test
    void registerWhenRedirectUrisAndNoGrantsThenAuthorizationCodeAndRefreshToken() {
        String id = id();
        Client c = register(reg(id).redirect(WEB_CB)).client();
        assertThat(c.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat(c.authMethod()).isEqualTo(AuthMethod.CLIENT_SECRET_BASIC);
        assertThat(c.isPublic()).isFalse();
        assertThat(clients.find(id).orElseThrow().grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
    }

    @Test
    void registerWhenNoRedirectUrisAndNoGrantsThenClientCredentials() {
        String id = id();
        Client c = register(reg(id)).client();
        assertThat(c.grantTypes()).containsExactly("client_credentials");
        assertThat(clients.find(id).orElseThrow().grantTypes()).containsExactly("client_credentials");
    }

    @Test
    void registerWhenNoScopesThenDefaultScopesAndNameDefaultsToId() {
        String id = id();
        register(reg(id).redirect(WEB_CB));
        Client stored = clients.find(id).orElseThrow();
        assertThat(stored.scopes()).containsExactlyInAnyOrder("openid", "profile", "email", "offline_access");
        assertThat(stored.clientName()).isEqualTo(id);
        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
    }

    @Test
    void registerWhenEverythingGivenThenStoredAndReadBackUnchanged() {
        String id = id();
        Reg r = reg(id).redirect(WEB_CB, "http://127.0.0.1/cb").scope("api.read", "api:write")
                .audience("https://api.example.com").origin("https://app.example.com");
        r.name = Optional.of("The App");
        r.logoutRedirects.add("https://app.example.com/");
        r.firstParty = true;
        r.accessTtl = Optional.of(Duration.ofSeconds(300));
        r.method(AuthMethod.CLIENT_SECRET_POST);
        Client created = register(r).client();
        Client stored = clients.find(id).orElseThrow();
        assertThat(stored).isEqualTo(created);
        assertThat(stored.clientName()).isEqualTo("The App");
        assertThat(stored.redirectUris()).containsExactly(WEB_CB, "http://127.0.0.1/cb");
        assertThat(stored.postLogoutRedirectUris()).containsExactly("https://app.example.com/");
        assertThat(stored.scopes()).containsExactlyInAnyOrder("api.read", "api:write");
        assertThat(stored.audiences()).containsExactly("https://api.example.com");
        assertThat(stored.webOrigins()).containsExactly("https://app.example.com");
        assertThat(stored.firstParty()).isTrue();
        assertThat(stored.accessTokenTtl()).contains(Duration.ofSeconds(300));
        assertThat(stored.authMethod()).isEqualTo(AuthMethod.CLIENT_SECRET_POST);
    }

    // ---- secrets ----

    @Test
    void registerWhenConfidentialThenGeneratedSecretIsBase64UrlOf43PlusChars() {
        ClientService.Registered r = register(reg(id()).redirect(WEB_CB));
        String secret = r.secret().orElseThrow();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void registerWhenConfidentialThenOnlyTheSha256HashOfTheSecretIsStored() {
        String id = id();
        String secret = register(reg(id).redirect(WEB_CB)).secret().orElseThrow();
        String hash = storedSecretHash(id);
        assertThat(hash).isEqualTo(OpaqueTokens.hash(secret)).matches("[0-9a-f]{64}");
        assertThat(hash).doesNotContain(secret);
        assertThat(storedRowText(id)).doesNotContain(secret);
        assertThat(clients.find(id).orElseThrow().secretHash()).contains(hash);
    }

    @Test
    void registerTwiceThenSecretsDiffer() {
        String a = register(reg(id())).secret().orElseThrow();
        String b = register(reg(id())).secret().orElseThrow();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void clientSecretsMatchesWhenRightSecretThenTrueAndOtherwiseFalse() {
        String id = id();
        String secret = register(reg(id)).secret().orElseThrow();
        String hash = clients.find(id).orElseThrow().secretHash().orElseThrow();
        assertThat(ClientSecrets.matches(secret, hash)).isTrue();
        assertThat(ClientSecrets.matches(secret + "x", hash)).isFalse();
        assertThat(ClientSecrets.matches(secret.substring(1), hash)).isFalse();
        assertThat(ClientSecrets.matches("", hash)).isFalse();
        assertThat(ClientSecrets.matches(null, hash)).isFalse();
        assertThat(ClientSecrets.matches(secret, null)).isFalse();
        assertThat(ClientSecrets.matches(hash, hash)).as("the hash itself is not a credential").isFalse();
    }

    @Test
    void registerWhenOperatorSecretOf32CharsThenStoredAndNotReplaced() {
        String id = id();
        String chosen = "x".repeat(32);
        ClientService.Registered r = register(reg(id).secret(chosen));
        assertThat(r.secret()).contains(chosen);
        assertThat(storedSecretHash(id)).isEqualTo(OpaqueTokens.hash(chosen));
    }

    @Test
    void registerWhenOperatorSecretShorterThan32ThenInvalidRequestAndNothingStored() {
        String id = id();
        assertInvalidRequest(() -> register(reg(id).secret("x".repeat(31))), "at least 32 characters");
        assertThat(clients.find(id)).isEmpty();
    }

    // ---- public clients ----

    @Test
    void registerWhenPublicThenAuthMethodNoneAndNoSecret() {
        String id = id();
        ClientService.Registered r = register(reg(id).publicClient().redirect("com.example.app:/oauth2redirect"));
        assertThat(r.secret()).isEmpty();
        assertThat(r.client().authMethod()).isEqualTo(AuthMethod.NONE);
        assertThat(r.client().isPublic()).isTrue();
        assertThat(storedSecretHash(id)).isNull();
        assertThat(clients.find(id).orElseThrow().grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
    }

    @Test
    void registerWhenPublicWithClientCredentialsThenInvalidRequest() {
        String id = id();
        assertInvalidRequest(() -> register(reg(id).publicClient().redirect(WEB_CB).grant("client_credentials")),
                "client_credentials");
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void registerWhenPublicWithoutRedirectUrisThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).publicClient()), "redirect URI");
    }

    @Test
    void registerWhenPublicWithSecretThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).publicClient().redirect(WEB_CB).secret(OPERATOR_SECRET)), "secret");
    }

    @Test
    void registerWhenPublicWithOtherAuthMethodThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).publicClient().redirect(WEB_CB).method(AuthMethod.CLIENT_SECRET_BASIC)),
                "'none'");
    }

    @Test
    void registerWhenAuthMethodNoneWithoutPublicFlagAndNoRedirectUrisThenNotAClientCredentialsClient() {
        // Auth method none *is* a public client; it must never get client_credentials, which would then issue
        // tokens to anyone who knows the client id.
        String id = id();
        assertThatThrownBy(() -> register(reg(id).method(AuthMethod.NONE))).isInstanceOf(OAuthException.class);
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void registerWhenAuthMethodNoneWithExplicitClientCredentialsThenInvalidRequest() {
        String id = id();
        assertInvalidRequest(() -> register(reg(id).method(AuthMethod.NONE).redirect(WEB_CB).grant("client_credentials")),
                "client_credentials");
        assertThat(clients.find(id)).isEmpty();
    }

    // ---- grants, scopes, audiences, origins ----

    @Test
    void registerWhenAuthorizationCodeWithoutRedirectUrisThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).grant("authorization_code")), "redirect URI");
    }

    @Test
    void registerWhenUnknownGrantTypeThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).redirect(WEB_CB).grant("password")), "unsupported grant type 'password'");
        assertInvalidRequest(() -> register(reg(id()).grant("implicit")), "unsupported grant type 'implicit'");
    }

    @Test
    void registerWhenInvalidRedirectUriThenInvalidRequestAndNothingStored() {
        String id = id();
        assertInvalidRequest(() -> register(reg(id).redirect("http://app.example.com/cb")), "http://app.example.com/cb");
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void registerWhenScopeContainsSpaceThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).scope("openid", "read write")), "scope 'read write'");
    }

    @Test
    void registerWhenScopeContainsDoubleQuoteOrBackslashThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).scope("re\"ad")), "not a valid scope token");
        assertInvalidRequest(() -> register(reg(id()).scope("re\\ad")), "not a valid scope token");
        assertInvalidRequest(() -> register(reg(id()).scope("")), "not a valid scope token");
    }

    @Test
    void registerWhenAudienceNotAbsoluteThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).audience("api.example.com")), "audience 'api.example.com'");
        assertInvalidRequest(() -> register(reg(id()).audience("/api")), "audience");
        assertInvalidRequest(() -> register(reg(id()).audience("https://api.example.com/#x")), "audience");
    }

    @Test
    void registerWhenWebOriginHasPathQueryOrWildcardThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).origin("https://app.example.com/path")), "web origin");
        assertInvalidRequest(() -> register(reg(id()).origin("https://app.example.com/")), "web origin");
        assertInvalidRequest(() -> register(reg(id()).origin("https://app.example.com?x=1")), "web origin");
        assertInvalidRequest(() -> register(reg(id()).origin("*")), "web origin");
    }

    @Test
    void registerWhenWebOriginWithPortThenAccepted() {
        String id = id();
        register(reg(id).origin("https://app.example.com:8443"));
        assertThat(clients.find(id).orElseThrow().webOrigins()).containsExactly("https://app.example.com:8443");
    }

    @Test
    void registerWhenClientIdHasForbiddenCharactersThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg("has space")), "client_id");
        assertInvalidRequest(() -> register(reg("")), "client_id");
        assertInvalidRequest(() -> register(reg("a".repeat(129))), "client_id");
        assertInvalidRequest(() -> register(reg("a/b")), "client_id");
    }

    // ---- private_key_jwt ----

    @Test
    void registerWhenPrivateKeyJwtWithoutJwksThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).method(AuthMethod.PRIVATE_KEY_JWT)), "jwks");
    }

    @Test
    void registerWhenPrivateKeyJwtWithPrivateKeyInJwksThenInvalidRequest() throws Exception {
        String jwks = privateEcJwks();
        assertThat(jwks).contains("\"d\"");
        assertInvalidRequest(() -> register(reg(id()).method(AuthMethod.PRIVATE_KEY_JWT).jwks(jwks)), "no private parts");
    }

    @Test
    void registerWhenPrivateKeyJwtWithSymmetricKeyThenInvalidRequest() {
        String oct = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" + "A".repeat(43) + "\"}]}";
        assertInvalidRequest(() -> register(reg(id()).method(AuthMethod.PRIVATE_KEY_JWT).jwks(oct)), "jwks");
    }

    @Test
    void registerWhenPrivateKeyJwtWithEmptyOrMalformedJwksThenInvalidRequest() {
        assertInvalidRequest(() -> register(reg(id()).method(AuthMethod.PRIVATE_KEY_JWT).jwks("{\"keys\":[]}")), "jwks");
        assertInvalidRequest(() -> register(reg(id()).method(AuthMethod.PRIVATE_KEY_JWT).jwks("not json")), "jwks");
    }

    @Test
    void registerWhenPrivateKeyJwtWithPublicEcJwkThenStoredWithoutSecret() throws Exception {
        String id = id();
        String jwks = publicEcJwks();
        ClientService.Registered r = register(reg(id).method(AuthMethod.PRIVATE_KEY_JWT).jwks(jwks));
        assertThat(r.secret()).isEmpty();
        Client stored = clients.find(id).orElseThrow();
        assertThat(stored.authMethod()).isEqualTo(AuthMethod.PRIVATE_KEY_JWT);
        assertThat(stored.secretHash()).isEmpty();
        assertThat(storedSecretHash(id)).isNull();
        assertThat(JWKSet.parse(stored.jwks().orElseThrow()).getKeyByKeyId("k1")).isNotNull();
        assertThat(stored.jwks().orElseThrow()).doesNotContain("\"d\"");
    }

    @Test
    void registerWhenPrivateKeyJwtWithSecretThenInvalidRequest() throws Exception {
        String jwks = publicEcJwks();
        assertInvalidRequest(() -> register(reg(id()).method(AuthMethod.PRIVATE_KEY_JWT).jwks(jwks).secret(OPERATOR_SECRET)),
                "secret");
    }

    // ---- duplicates, rotation, removal, listing ----

    @Test
    void registerWhenClientIdExistsThen409AndOriginalKept() {
        String id = id();
        String secret = register(reg(id).redirect(WEB_CB)).secret().orElseThrow();
        assertThatThrownBy(() -> register(reg(id))).isInstanceOfSatisfying(OAuthException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.description()).contains(id).contains("already exists");
        });
        Client kept = clients.find(id).orElseThrow();
        assertThat(kept.redirectUris()).containsExactly(WEB_CB);
        assertThat(ClientSecrets.matches(secret, kept.secretHash().orElseThrow())).isTrue();
    }

    @Test
    void rotateSecretWhenConfidentialThenOldNoLongerMatchesAndNewDoes() {
        String id = id();
        String old = register(reg(id).redirect(WEB_CB)).secret().orElseThrow();
        String fresh = clients.rotateSecret(id, Optional.empty());
        assertThat(fresh).isNotEqualTo(old).hasSizeGreaterThanOrEqualTo(43);
        String hash = clients.find(id).orElseThrow().secretHash().orElseThrow();
        assertThat(ClientSecrets.matches(old, hash)).isFalse();
        assertThat(ClientSecrets.matches(fresh, hash)).isTrue();
        assertThat(storedSecretHash(id)).isEqualTo(OpaqueTokens.hash(fresh));
    }

    @Test
    void rotateSecretWhenChosenSecretThenStoredAndShortOneRefused() {
        String id = id();
        register(reg(id));
        assertInvalidRequest(() -> clients.rotateSecret(id, Optional.of("short")), "at least 32");
        String chosen = "y".repeat(40);
        assertThat(clients.rotateSecret(id, Optional.of(chosen))).isEqualTo(chosen);
        assertThat(storedSecretHash(id)).isEqualTo(OpaqueTokens.hash(chosen));
    }

    @Test
    void rotateSecretWhenPublicClientThenInvalidRequestAndNoSecretStored() {
        String id = id();
        register(reg(id).publicClient().redirect(WEB_CB));
        assertInvalidRequest(() -> clients.rotateSecret(id, Optional.empty()), "does not use a secret");
        assertThat(storedSecretHash(id)).isNull();
    }

    @Test
    void rotateSecretWhenPrivateKeyJwtClientThenInvalidRequest() throws Exception {
        String id = id();
        register(reg(id).method(AuthMethod.PRIVATE_KEY_JWT).jwks(publicEcJwks()));
        assertInvalidRequest(() -> clients.rotateSecret(id, Optional.empty()), "does not use a secret");
    }

    @Test
    void rotateSecretWhenUnknownClientThen404() {
        assertThatThrownBy(() -> clients.rotateSecret("no-such-client", Optional.empty()))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void removeWhenExistsThenTrueAndGoneAndSecondRemoveFalse() {
        String id = id();
        register(reg(id));
        assertThat(clients.remove(id)).isTrue();
        assertThat(clients.find(id)).isEmpty();
        assertThat(clients.list()).extracting(Client::clientId).doesNotContain(id);
        assertThat(clients.remove(id)).isFalse();
    }

    @Test
    void removeThenSameIdCanBeRegisteredAgain() {
        String id = id();
        register(reg(id));
        clients.remove(id);
        assertThat(register(reg(id).redirect(WEB_CB)).client().redirectUris()).containsExactly(WEB_CB);
    }

    @Test
    void listWhenRegisteredInAnyOrderThenSortedByClientId() {
        String prefix = "order-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        for (String suffix : List.of("m", "c", "x", "a", "k")) {
            register(reg(prefix + suffix));
        }
        List<String> listed = clients.list().stream().map(Client::clientId).filter(i -> i.startsWith(prefix)).toList();
        assertThat(listed).containsExactly(prefix + "a", prefix + "c", prefix + "k", prefix + "m", prefix + "x");
    }

    @Test
    void findWhenIdTooLongOrNullThenEmpty() {
        assertThat(clients.find(null)).isEmpty();
        assertThat(clients.find("a".repeat(129))).isEmpty();
    }
}
