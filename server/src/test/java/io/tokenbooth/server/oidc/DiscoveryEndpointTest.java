package io.tokenbooth.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The discovery documents (OpenID Connect Discovery 1.0, RFC 8414) are complete, parse with the Nimbus SDK, and
 * true: every endpoint they name answers (is not 404). H2 only.
 */
class DiscoveryEndpointTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private JsonNode document(String path) {
        TestServer.Response r = app.server().get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return r.json();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void discoveryWhenFetchedAtBothWellKnownPathsThenSameDocument() {
        assertThat(document("/.well-known/oauth-authorization-server"))
                .isEqualTo(document("/.well-known/openid-configuration"));
    }

    @Test
    void discoveryWhenParsedByNimbusThenCompleteAndConsistent() throws Exception {
        String json = app.server().get("/.well-known/openid-configuration").body();
        OIDCProviderMetadata op = OIDCProviderMetadata.parse(json);
        assertThat(op.getIssuer().getValue()).isEqualTo(app.server().issuer());
        assertThat(op.getTokenEndpointURI()).isEqualTo(URI.create(app.server().issuer() + "/oauth2/token"));
        assertThat(op.getUserInfoEndpointURI()).isEqualTo(URI.create(app.server().issuer() + "/oauth2/userinfo"));
        assertThat(op.getJWKSetURI()).isEqualTo(URI.create(app.server().issuer() + "/.well-known/jwks.json"));
        assertThat(op.getResponseTypes()).containsExactly(new ResponseType("code"));
        assertThat(op.getGrantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN,
                GrantType.CLIENT_CREDENTIALS);
        assertThat(op.getTokenEndpointAuthMethods()).contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                ClientAuthenticationMethod.NONE);
        assertThat(op.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        assertThat(op.getIDTokenJWSAlgs()).extracting(a -> a.getName()).containsExactly("RS256");
        assertThat(op.getSubjectTypes()).extracting(Object::toString).containsExactly("public");
        assertThat(op.supportsAuthorizationResponseIssuerParam()).isTrue();
        assertThat(op.supportsRequestParam()).isFalse();
        assertThat(op.supportsRequestURIParam()).isFalse();
        assertThat(op.getScopes().toStringList()).contains("openid", "profile", "email", "offline_access");
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(
                app.server().get("/.well-known/oauth-authorization-server").body());
        assertThat(as.getIntrospectionEndpointURI())
                .isEqualTo(URI.create(app.server().issuer() + "/oauth2/introspect"));
        assertThat(as.getRevocationEndpointURI()).isEqualTo(URI.create(app.server().issuer() + "/oauth2/revoke"));
    }

    @Test
    void discoveryWhenReadThenListsEverythingTheIssueAsksFor() {
        JsonNode d = document("/.well-known/openid-configuration");
        for (String field : List.of("issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                "end_session_endpoint", "introspection_endpoint", "revocation_endpoint", "response_types_supported",
                "response_modes_supported", "grant_types_supported", "subject_types_supported",
                "id_token_signing_alg_values_supported", "token_endpoint_auth_methods_supported",
                "token_endpoint_auth_signing_alg_values_supported", "introspection_endpoint_auth_methods_supported",
                "revocation_endpoint_auth_methods_supported", "code_challenge_methods_supported", "scopes_supported",
                "claims_supported", "authorization_response_iss_parameter_supported", "prompt_values_supported",
                "ui_locales_supported", "request_parameter_supported", "request_uri_parameter_supported",
                "tokenbooth_first_party_api")) {
            assertThat(d.has(field)).as(field).isTrue();
        }
        assertThat(strings(d.get("response_modes_supported"))).containsExactly("query");
        assertThat(strings(d.get("grant_types_supported"))).doesNotContain("password", "implicit");
        assertThat(strings(d.get("token_endpoint_auth_signing_alg_values_supported")))
                .doesNotContain("none", "HS256", "HS384", "HS512");
        assertThat(strings(d.get("ui_locales_supported"))).containsExactly("en", "ko");
        assertThat(strings(d.get("claims_supported"))).contains("sub", "auth_time", "nonce", "acr", "amr", "at_hash",
                "preferred_username", "email", "email_verified");
        assertThat(d.get("tokenbooth_first_party_api").get("login_endpoint").asText())
                .isEqualTo(app.server().issuer() + "/api/v1/login");
    }

    @Test
    void discoveryWhenServedThenFirstPartyMembersInDeclaredOrder() {
        // A Map.of here would iterate in an order salted per JVM start: the same server's document would change bytes
        // from one restart to the next, and this order would hold in about one start in 120.
        List<String> names = new ArrayList<>();
        document("/.well-known/openid-configuration").get("tokenbooth_first_party_api").fieldNames()
                .forEachRemaining(names::add);
        assertThat(names).containsExactly("signup_endpoint", "login_endpoint", "refresh_endpoint", "logout_endpoint",
                "me_endpoint");
    }

    @Test
    void discoveryWhenEachAdvertisedEndpointCalledThenItAnswers() {
        JsonNode d = document("/.well-known/openid-configuration");
        List<String> checked = new ArrayList<>();
        for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.endsWith("_endpoint") && !field.equals("jwks_uri")) {
                continue;
            }
            String url = d.get(field).asText();
            assertThat(url).as(field).startsWith(app.server().issuer() + "/");
            String path = url.substring(app.server().issuer().length());
            boolean post = List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint").contains(field);
            TestServer.Response r = post
                    ? app.server().send(HttpRequest.newBuilder(URI.create(app.server().url(path)))
                            .POST(HttpRequest.BodyPublishers.ofString("")).header("Content-Type",
                                    "application/x-www-form-urlencoded"))
                    : app.server().get(path);
            assertThat(r.status()).as(field + " " + url + " -> " + r).isNotIn(404, 405).isLessThan(500);
            checked.add(field);
        }
        assertThat(checked).contains("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                "end_session_endpoint", "introspection_endpoint", "revocation_endpoint");
        for (Iterator<String> it = d.get("tokenbooth_first_party_api").fieldNames(); it.hasNext(); ) {
            String field = it.next();
            String path = d.get("tokenbooth_first_party_api").get(field).asText()
                    .substring(app.server().issuer().length());
            TestServer.Response r = field.equals("me_endpoint")
                    ? app.server().get(path) : app.server().postJson(path, "{}");
            assertThat(r.status()).as(field + " -> " + r).isNotIn(404, 405);
        }
    }
}
