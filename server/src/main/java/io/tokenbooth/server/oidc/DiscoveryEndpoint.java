package io.tokenbooth.server.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import io.tokenbooth.server.http.ConstantDocument;
import io.tokenbooth.server.http.Json;
import io.tokenbooth.server.oauth.client.ClientAssertionVerifier;
import io.tokenbooth.server.oauth.introspect.IntrospectionEndpoint;
import io.tokenbooth.server.oauth.revoke.RevocationEndpoint;
import io.tokenbooth.server.oauth.token.TokenEndpoint;
import io.tokenbooth.server.token.status.StatusListUris;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §3) and
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414 §2): one document, served at both, that lists only
 * what the server does. The first-party API's endpoints are under the {@code tokenbooth_first_party_api} extension.
 */
public final class DiscoveryEndpoint {
    public static final String AUTHORIZATION_PATH = "/oauth2/authorize";
    public static final String END_SESSION_PATH = "/oauth2/logout";
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    private static final List<String> SECRET_AND_KEY_METHODS = List.of("client_secret_basic", "client_secret_post",
            "private_key_jwt");

    private final byte[] document;

    /**
     * @param grantTypes the grant types the token endpoint handles
     * @param idTokenAlgorithm {@code oauth.id-token-algorithm}
     */
    public DiscoveryEndpoint(String issuer, String accessTokenAlgorithm, String idTokenAlgorithm, List<String> grantTypes) {
        List<String> assertionAlgs = ClientAssertionVerifier.ALGORITHMS.stream().map(JWSAlgorithm::getName).toList();
        List<String> allMethods = new java.util.ArrayList<>(SECRET_AND_KEY_METHODS);
        allMethods.add("none");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", issuer + AUTHORIZATION_PATH);
        doc.put("token_endpoint", issuer + TokenEndpoint.PATH);
        doc.put("userinfo_endpoint", issuer + UserInfoEndpoint.PATH);
        doc.put("jwks_uri", issuer + JWKS_PATH);
        doc.put("end_session_endpoint", issuer + END_SESSION_PATH);
        doc.put("introspection_endpoint", issuer + IntrospectionEndpoint.PATH);
        doc.put("revocation_endpoint", issuer + RevocationEndpoint.PATH);
        // draft-ietf-oauth-status-list §9, §14.3: where the Status List Tokens of this issuer are listed.
        doc.put("status_list_aggregation_endpoint", issuer + StatusListUris.PATH);
        doc.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        doc.put("response_types_supported", List.of("code"));
        doc.put("response_modes_supported", List.of("query"));
        doc.put("grant_types_supported", grantTypes);
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of(idTokenAlgorithm));
        doc.put("token_endpoint_auth_methods_supported", allMethods);
        doc.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        doc.put("introspection_endpoint_auth_methods_supported", SECRET_AND_KEY_METHODS);
        doc.put("introspection_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        doc.put("revocation_endpoint_auth_methods_supported", allMethods);
        doc.put("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp",
                "at_hash", "preferred_username", "name", "email", "email_verified"));
        doc.put("claim_types_supported", List.of("normal"));
        doc.put("claims_parameter_supported", false);
        doc.put("acr_values_supported", List.of(IdTokenMinter.ACR));
        doc.put("prompt_values_supported", List.of("none", "login", "consent", "select_account"));
        doc.put("ui_locales_supported", List.of("en", "ko"));
        doc.put("authorization_response_iss_parameter_supported", true);
        doc.put("request_parameter_supported", false);
        doc.put("request_uri_parameter_supported", false);
        doc.put("require_request_uri_registration", false);
        doc.put("access_token_signing_alg_values_supported", List.of(accessTokenAlgorithm));
        // In a fixed order: Map.of iterates in an order salted per JVM start, so the document's bytes changed with
        // each restart (and with them any cache or checksum a client keeps of it).
        Map<String, String> firstParty = new LinkedHashMap<>();
        firstParty.put("signup_endpoint", issuer + "/api/v1/signup");
        firstParty.put("login_endpoint", issuer + "/api/v1/login");
        firstParty.put("refresh_endpoint", issuer + "/api/v1/refresh");
        firstParty.put("logout_endpoint", issuer + "/api/v1/logout");
        firstParty.put("me_endpoint", issuer + "/api/v1/me");
        doc.put("tokenbooth_first_party_api", firstParty);
        this.document = Json.write(doc);
    }

    /** The document at {@code path}; the same bytes at both well-known paths. */
    public ConstantDocument document(String path) {
        return new ConstantDocument(path, "application/json;charset=utf-8", "public, max-age=300", () -> document);
    }
}
