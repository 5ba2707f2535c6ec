package io.tokenbooth.server.oidc;

import io.javalin.http.Context;
import io.tokenbooth.server.http.JsonResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /.well-known/openid-configuration}: the server metadata that exists so far (issuer and JWKS), plus the
 * first-party API's endpoints under a {@code tokenbooth_} extension key. OAuth endpoints join as they are built.
 */
public final class DiscoveryEndpoint {
    private final byte[] document;

    public DiscoveryEndpoint(String issuer, String accessTokenAlgorithm) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", issuer + "/.well-known/jwks.json");
        doc.put("grant_types_supported", List.of("refresh_token"));
        doc.put("token_endpoint_auth_methods_supported", List.of("none"));
        doc.put("access_token_signing_alg_values_supported", List.of(accessTokenAlgorithm));
        doc.put("tokenbooth_first_party_api", Map.of(
                "signup_endpoint", issuer + "/api/v1/signup",
                "login_endpoint", issuer + "/api/v1/login",
                "refresh_endpoint", issuer + "/api/v1/refresh",
                "logout_endpoint", issuer + "/api/v1/logout",
                "me_endpoint", issuer + "/api/v1/me"));
        this.document = io.tokenbooth.server.http.Json.write(doc);
    }

    public void handle(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.status(200);
        ctx.contentType("application/json;charset=utf-8");
        ctx.result(document);
    }
}
