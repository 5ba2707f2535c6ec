package io.tokenbooth.server.admin;

import static io.tokenbooth.server.admin.AdminHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientSecrets;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import io.tokenbooth.server.token.OpaqueTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin API for clients over real HTTP on an embedded H2 database, with {@code admin.token} configured. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminClientsApiTest {
    static final String TOKEN = "admin-token-for-tests-0123456789-abcdefghij";
    private static final String SHOP = """
            {"client_id": "%s", "client_name": "The Shop", "token_endpoint_auth_method": "client_secret_basic",
             "redirect_uris": ["https://shop.example.com/callback"], "post_logout_redirect_uris": ["https://shop.example.com/"],
             "grant_types": ["authorization_code", "refresh_token"], "scope": "openid profile email offline_access",
             "audiences": ["https://api.shop.example.com"], "web_origins": ["https://shop.example.com"],
             "first_party": false, "access_token_ttl_seconds": 600}""";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("admin.token", TOKEN);

    private AdminHttp admin;
    private ClientService clients;

    @BeforeAll
    void start() {
        admin = new AdminHttp(app.server(), TOKEN);
        clients = app.server().tokenbooth().services().clients;
    }

    private static String id() {
        return "a-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String minimal(String clientId) {
        return TestServer.json(Map.of("client_id", clientId));
    }

    private String createConfidential(String clientId) {
        TestServer.Response r = admin.create(minimal(clientId));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("client_secret");
    }

    // ---- round trip ----

    @Test
    void createThen201WithLocationAllFieldsAndGeneratedSecretShownOnce() {
        String id = id();
        TestServer.Response r = admin.create(SHOP.formatted(id));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.header("Location")).contains("/admin/api/v1/clients/" + id);
        assertThat(r.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode b = r.json();
        assertThat(b.get("client_id").asText()).isEqualTo(id);
        assertThat(b.get("client_name").asText()).isEqualTo("The Shop");
        assertThat(b.get("token_endpoint_auth_method").asText()).isEqualTo("client_secret_basic");
        assertThat(texts(b.get("redirect_uris"))).containsExactly("https://shop.example.com/callback");
        assertThat(texts(b.get("post_logout_redirect_uris"))).containsExactly("https://shop.example.com/");
        assertThat(texts(b.get("grant_types"))).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat(b.get("scope").asText().split(" ")).containsExactlyInAnyOrder("openid", "profile", "email", "offline_access");
        assertThat(texts(b.get("audiences"))).containsExactly("https://api.shop.example.com");
        assertThat(texts(b.get("web_origins"))).containsExactly("https://shop.example.com");
        assertThat(b.get("first_party").asBoolean()).isFalse();
        assertThat(b.get("access_token_ttl_seconds").asInt()).isEqualTo(600);
        assertThat(Instant.parse(b.get("created_at").asText())).isNotNull();
        String secret = b.get("client_secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
        assertThat(r.body().split(java.util.regex.Pattern.quote(secret), -1)).as("secret appears once").hasSize(2);

        Client stored = clients.find(id).orElseThrow();
        assertThat(stored.secretHash()).contains(OpaqueTokens.hash(secret));
        assertThat(r.body()).doesNotContain(stored.secretHash().orElseThrow()).doesNotContain("secret_hash");
    }

    @Test
    void readAndListAfterCreateThenNeverContainSecretOrItsHash() {
        String id = id();
        String secret = createConfidential(id);
        String hash = clients.find(id).orElseThrow().secretHash().orElseThrow();

        TestServer.Response read = admin.read(id);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("client_id").asText()).isEqualTo(id);
        assertThat(read.json().has("client_secret")).isFalse();
        assertThat(read.body()).doesNotContain(secret).doesNotContain(hash);
        assertThat(read.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));

        TestServer.Response list = admin.list();
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().get("clients").forEach(c -> {
            ids.add(c.get("client_id").asText());
            assertThat(c.has("client_secret")).as(c.toString()).isFalse();
        });
        assertThat(ids).contains(id);
        assertThat(list.body()).doesNotContain(secret).doesNotContain(hash);
    }

    @Test
    void createMinimalThenDefaultsApplied() {
        String id = id();
        TestServer.Response r = admin.create(minimal(id));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode b = r.json();
        assertThat(b.get("client_name").asText()).isEqualTo(id);
        assertThat(b.get("token_endpoint_auth_method").asText()).isEqualTo("client_secret_basic");
        assertThat(texts(b.get("grant_types"))).containsExactly("client_credentials");
        assertThat(b.get("scope").asText().split(" ")).containsExactlyInAnyOrder("openid", "profile", "email", "offline_access");
        assertThat(b.has("access_token_ttl_seconds")).isFalse();
    }

    @Test
    void listThenClientsSortedById() {
        String prefix = "l-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        for (String s : List.of("b", "c", "a")) {
            createConfidential(prefix + s);
        }
        List<String> ids = new ArrayList<>();
        admin.list().json().get("clients").forEach(c -> ids.add(c.get("client_id").asText()));
        assertThat(ids.stream().filter(i -> i.startsWith(prefix)).toList())
                .containsExactly(prefix + "a", prefix + "b", prefix + "c");
    }

    @Test
    void deleteThen204AndReadThen404AndListWithoutIt() {
        String id = id();
        createConfidential(id);
        TestServer.Response del = admin.delete(id);
        assertThat(del.status()).as(del.toString()).isEqualTo(204);
        assertError(admin.read(id), 404, "not_found");
        assertThat(admin.list().body()).doesNotContain("\"" + id + "\"");
        assertThat(clients.find(id)).isEmpty();
        assertError(admin.delete(id), 404, "not_found");
    }

    @Test
    void deleteWhenUnknownIdThen404() {
        assertError(admin.delete("no-such-client"), 404, "not_found");
    }

    @Test
    void readWhenUnknownIdThen404() {
        assertError(admin.read("no-such-client"), 404, "not_found");
    }

    @Test
    void rotateSecretThenNewSecretOnceOldStopsMatchingAndReadStillHidesIt() {
        String id = id();
        String old = createConfidential(id);
        TestServer.Response r = admin.rotate(id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("client_id")).isEqualTo(id);
        String fresh = r.text("client_secret");
        assertThat(fresh).isNotEqualTo(old).hasSizeGreaterThanOrEqualTo(43);
        assertThat(r.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        String hash = clients.find(id).orElseThrow().secretHash().orElseThrow();
        assertThat(ClientSecrets.matches(fresh, hash)).isTrue();
        assertThat(ClientSecrets.matches(old, hash)).isFalse();
        assertThat(admin.read(id).body()).doesNotContain(fresh).doesNotContain(hash);
    }

    @Test
    void rotateSecretWhenPublicClientThen400AndWhenUnknownThen404() {
        String id = id();
        TestServer.Response created = admin.create(TestServer.json(Map.of("client_id", id,
                "token_endpoint_auth_method", "none", "redirect_uris", List.of("com.example.app:/cb"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertError(admin.rotate(id), 400, "invalid_request");
        assertThat(clients.find(id).orElseThrow().secretHash()).isEmpty();
        assertError(admin.rotate("no-such-client"), 404, "not_found");
    }

    @Test
    void createWithOperatorSecretThenNotEchoedAndItsHashStored() {
        String id = id();
        String chosen = "operator-chosen-client-secret-0123456789";
        TestServer.Response r = admin.create(TestServer.json(Map.of("client_id", id, "client_secret", chosen)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().has("client_secret")).isFalse();
        assertThat(r.body()).doesNotContain(chosen);
        assertThat(clients.find(id).orElseThrow().secretHash()).contains(OpaqueTokens.hash(chosen));
    }

    @Test
    void createWithShortOperatorSecretThen400() {
        String id = id();
        assertError(admin.create(TestServer.json(Map.of("client_id", id, "client_secret", "too-short"))), 400,
                "invalid_request");
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void createPublicThenAuthMethodNoneAndNoSecret() {
        String id = id();
        TestServer.Response r = admin.create(TestServer.json(Map.of("client_id", id, "token_endpoint_auth_method", "none",
                "redirect_uris", List.of("http://127.0.0.1/cb"))));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("token_endpoint_auth_method").asText()).isEqualTo("none");
        assertThat(r.json().has("client_secret")).isFalse();
        assertThat(clients.find(id).orElseThrow().authMethod()).isEqualTo(AuthMethod.NONE);
    }

    @Test
    void createPublicWithClientCredentialsThen400() {
        String id = id();
        assertError(admin.create(TestServer.json(Map.of("client_id", id, "token_endpoint_auth_method", "none",
                "grant_types", List.of("client_credentials")))), 400, "invalid_request");
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void createPrivateKeyJwtWithPublicJwksObjectThen201WithoutSecret() throws Exception {
        String id = id();
        String jwks = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK()).toString(true);
        String body = "{\"client_id\":\"" + id + "\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":" + jwks + "}";
        TestServer.Response r = admin.create(body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("token_endpoint_auth_method").asText()).isEqualTo("private_key_jwt");
        assertThat(r.json().has("client_secret")).isFalse();
        assertThat(clients.find(id).orElseThrow().jwks()).isPresent();
    }

    @Test
    void createPrivateKeyJwtWithPrivateKeyInJwksThen400() throws Exception {
        String id = id();
        String jwks = new JWKSet(new ECKeyGenerator(Curve.P_256).generate()).toString(false);
        String body = "{\"client_id\":\"" + id + "\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":" + jwks + "}";
        assertError(admin.create(body), 400, "invalid_request");
        assertThat(clients.find(id)).isEmpty();
    }

    // ---- credential ----

    @Test
    void everyEndpointWhenNoAuthorizationHeaderThen401InvalidTokenWithBearerChallenge() {
        String id = id();
        createConfidential(id);
        for (TestServer.Response r : admin.as(null).everyEndpoint(id)) {
            assertError(r, 401, "invalid_token");
            assertThat(r.header("WWW-Authenticate")).as(r.toString())
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer "));
        }
        assertThat(clients.find(id)).as("the unauthenticated DELETE did nothing").isPresent();
        assertThat(clients.find(id + "-new")).as("the unauthenticated POST did nothing").isEmpty();
    }

    @Test
    void everyEndpointWhenWrongTokenThen401AndNothingChanges() {
        String id = id();
        String secret = createConfidential(id);
        // Case variants of the token are checked on their own connections below: on a shared keep-alive
        // connection they currently corrupt what the server reads (see the *OnSameConnection* tests).
        List<String> wrong = List.of("x".repeat(TOKEN.length()), TOKEN + "x", TOKEN.substring(0, TOKEN.length() - 1),
                TOKEN.substring(0, TOKEN.length() - 1) + "k");
        for (String w : wrong) {
            for (TestServer.Response r : admin.as(w).everyEndpoint(id)) {
                assertError(r, 401, "invalid_token");
                assertThat(r.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer "));
            }
        }
        Client kept = clients.find(id).orElseThrow();
        assertThat(ClientSecrets.matches(secret, kept.secretHash().orElseThrow())).as("not rotated").isTrue();
        assertThat(clients.find(id + "-new")).isEmpty();
    }

    @Test
    void listWhenCaseVariantOfTokenOnItsOwnConnectionThen401() {
        String upper = TOKEN.toUpperCase(java.util.Locale.ROOT);
        assertThat(AdminHttp.statusesOnOneConnection(app.server(), upper)).containsExactly(401);
        assertThat(AdminHttp.statusesOnOneConnection(app.server(), TOKEN)).containsExactly(200);
    }

    @Test
    void listWhenCaseVariantOfTokenFollowsValidTokenOnSameConnectionThen401() {
        // The credential is compared exactly; a keep-alive connection (a reverse proxy's pool, say) that carried the
        // real token before must not make an upper-cased copy of it acceptable.
        String upper = TOKEN.toUpperCase(java.util.Locale.ROOT);
        assertThat(AdminHttp.statusesOnOneConnection(app.server(), TOKEN, upper)).containsExactly(200, 401);
    }

    @Test
    void listWhenValidTokenFollowsCaseVariantOnSameConnectionThen200() {
        String upper = TOKEN.toUpperCase(java.util.Locale.ROOT);
        assertThat(AdminHttp.statusesOnOneConnection(app.server(), upper, TOKEN)).containsExactly(401, 200);
    }

    @Test
    void listWhenValidTokensOnSameConnectionThenAll200() {
        assertThat(AdminHttp.statusesOnOneConnection(app.server(), TOKEN, TOKEN, TOKEN)).containsExactly(200, 200, 200);
    }

    @Test
    void listWhenTokenSentWithBasicSchemeOrAsQueryParameterThen401() {
        TestServer.Response basic = app.server().get(AdminHttp.CLIENTS, "Authorization", "Basic " + TOKEN);
        assertError(basic, 401, "invalid_token");
        TestServer.Response query = app.server().get(AdminHttp.CLIENTS + "?access_token=" + TOKEN);
        assertError(query, 401, "invalid_token");
    }

    @Test
    void listWhenBearerSchemeInOtherCaseThen200() {
        // RFC 7235 §2.1: the auth scheme is case-insensitive.
        TestServer.Response r = app.server().get(AdminHttp.CLIENTS, "Authorization", "bearer " + TOKEN);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    // ---- bad input ----

    @Test
    void createWhenUnknownFieldThen400NamingIt() {
        String id = id();
        JsonNode e = assertError(admin.create("{\"client_id\":\"" + id + "\",\"client_type\":\"public\"}"), 400, "invalid_request");
        assertThat(e.get("error_description").asText()).contains("client_type");
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void createWhenRedirectUrisIsAStringThen400NamingTheField() {
        String id = id();
        JsonNode e = assertError(admin.create("{\"client_id\":\"" + id + "\",\"redirect_uris\":\"https://app.example.com/cb\"}"),
                400, "invalid_request");
        assertThat(e.get("error_description").asText()).contains("redirect_uris");
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void createWhenFirstPartyIsAStringOrTtlIsAStringThen400() {
        assertError(admin.create("{\"client_id\":\"" + id() + "\",\"first_party\":\"true\"}"), 400, "invalid_request");
        assertError(admin.create("{\"client_id\":\"" + id() + "\",\"access_token_ttl_seconds\":\"600\"}"), 400,
                "invalid_request");
    }

    @Test
    void createWhenMalformedJsonThen400() {
        assertError(admin.create("{\"client_id\": \"x\""), 400, "invalid_request");
        assertError(admin.create("{client_id: 'x'}"), 400, "invalid_request");
        assertError(admin.create("[]"), 400, "invalid_request");
        assertError(admin.create(""), 400, "invalid_request");
        assertError(admin.create("{\"client_id\":\"x1\"} {}"), 400, "invalid_request");
    }

    @Test
    void createWhenDuplicateFieldThen400() {
        String id = id();
        assertError(admin.create("{\"client_id\":\"" + id + "\",\"client_id\":\"" + id + "x\"}"), 400, "invalid_request");
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void createWhenNotJsonContentTypeThen415() {
        assertError(admin.createWithoutContentType(minimal(id())), 415, "invalid_request");
    }

    @Test
    void createWhenClientIdMissingThen400() {
        JsonNode e = assertError(admin.create("{\"client_name\":\"No Id\"}"), 400, "invalid_request");
        assertThat(e.get("error_description").asText()).contains("client_id");
    }

    @Test
    void createWhenUnsupportedAuthMethodThen400() {
        String id = id();
        JsonNode e = assertError(admin.create(TestServer.json(Map.of("client_id", id,
                "token_endpoint_auth_method", "client_secret_jwt"))), 400, "invalid_request");
        assertThat(e.get("error_description").asText()).contains("token_endpoint_auth_method");
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void createWhenInvalidRedirectUriThen400NamingTheUri() {
        String id = id();
        for (String bad : List.of("http://shop.example.com/cb", "https://shop.example.com/cb#x", "/cb",
                "https://*.example.com/cb", "myapp:/cb")) {
            JsonNode e = assertError(admin.create(TestServer.json(Map.of("client_id", id, "redirect_uris", List.of(bad)))),
                    400, "invalid_request");
            assertThat(e.get("error_description").asText()).contains("redirect URI");
        }
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void createWhenIdExistsThen409AndOriginalUnchanged() {
        String id = id();
        String secret = createConfidential(id);
        JsonNode e = assertError(admin.create(TestServer.json(Map.of("client_id", id,
                "redirect_uris", List.of("https://other.example.com/cb")))), 409, "invalid_request");
        assertThat(e.get("error_description").asText()).contains("already exists");
        Client kept = clients.find(id).orElseThrow();
        assertThat(kept.redirectUris()).isEmpty();
        assertThat(ClientSecrets.matches(secret, kept.secretHash().orElseThrow())).isTrue();
    }

    @Test
    void createWhenAccessTokenTtlOutOfRangeThen400() {
        String id = id();
        for (int ttl : List.of(5, 29, 86401, -1, 0)) {
            JsonNode e = assertError(admin.create(TestServer.json(Map.of("client_id", id, "access_token_ttl_seconds", ttl))),
                    400, "invalid_request");
            assertThat(e.get("error_description").asText()).contains("access_token_ttl_seconds");
        }
        assertThat(clients.find(id)).isEmpty();
        TestServer.Response ok = admin.create(TestServer.json(Map.of("client_id", id, "access_token_ttl_seconds", 30)));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    }

    @Test
    void createWhenJwksIsNotAnObjectThen400() {
        String id = id();
        for (String jwks : List.of("\"{\\\"keys\\\":[]}\"", "[]", "42", "true")) {
            JsonNode e = assertError(admin.create("{\"client_id\":\"" + id
                    + "\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":" + jwks + "}"), 400, "invalid_request");
            assertThat(e.get("error_description").asText()).contains("jwks");
        }
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void createWhenPrivateKeyJwtWithoutJwksThen400() {
        String id = id();
        JsonNode e = assertError(admin.create(TestServer.json(Map.of("client_id", id,
                "token_endpoint_auth_method", "private_key_jwt"))), 400, "invalid_request");
        assertThat(e.get("error_description").asText()).contains("jwks");
    }

    @Test
    void createWhenBadScopeAudienceOrOriginThen400() {
        String id = id();
        assertError(admin.create(TestServer.json(Map.of("client_id", id, "scope", "openid \"quoted\""))), 400, "invalid_request");
        assertError(admin.create(TestServer.json(Map.of("client_id", id, "audiences", List.of("api")))), 400, "invalid_request");
        assertError(admin.create(TestServer.json(Map.of("client_id", id, "web_origins", List.of("https://a.example.com/x")))),
                400, "invalid_request");
        assertError(admin.create(TestServer.json(Map.of("client_id", id, "redirect_uris", List.of(""))))
                , 400, "invalid_request");
        assertThat(clients.find(id)).isEmpty();
    }

    @Test
    void unknownAdminPathThen404Json() {
        assertError(app.server().get("/admin/api/v1/nothing", "Authorization", "Bearer " + TOKEN), 404, "not_found");
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array).as("array").isNotNull();
        assertThat(array.isArray()).isTrue();
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
