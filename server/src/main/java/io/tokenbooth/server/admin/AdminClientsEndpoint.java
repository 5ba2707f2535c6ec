package io.tokenbooth.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.http.RequestBody;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API for clients, {@code /admin/api/v1/clients}: list, register, read, remove, rotate the secret. Field
 * names follow RFC 7591 (dynamic client registration) where it has one. Secrets appear once, in the answer that
 * creates them.
 */
public final class AdminClientsEndpoint {
    private final ClientService clients;
    private final AdminAuthenticator auth;
    private final RequestBody body;

    public AdminClientsEndpoint(ClientService clients, AdminAuthenticator auth, RequestBody body) {
        this.clients = clients;
        this.auth = auth;
        this.body = body;
    }

    /** The JSON accepted by {@code POST /admin/api/v1/clients}. */
    record ClientRequest(
            @JsonProperty("client_id") String clientId,
            @JsonProperty("client_name") String clientName,
            @JsonProperty("token_endpoint_auth_method") String authMethod,
            @JsonProperty("client_secret") String clientSecret,
            @JsonProperty("jwks") JsonNode jwks,
            @JsonProperty("redirect_uris") List<String> redirectUris,
            @JsonProperty("post_logout_redirect_uris") List<String> postLogoutRedirectUris,
            @JsonProperty("grant_types") List<String> grantTypes,
            @JsonProperty("scope") String scope,
            @JsonProperty("audiences") List<String> audiences,
            @JsonProperty("web_origins") List<String> webOrigins,
            @JsonProperty("first_party") Boolean firstParty,
            @JsonProperty("access_token_ttl_seconds") Integer accessTokenTtlSeconds) {
    }

    /** The public view of a client: never the secret hash. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClientView(
            @JsonProperty("client_id") String clientId,
            @JsonProperty("client_name") String clientName,
            @JsonProperty("token_endpoint_auth_method") String authMethod,
            @JsonProperty("redirect_uris") List<String> redirectUris,
            @JsonProperty("post_logout_redirect_uris") List<String> postLogoutRedirectUris,
            @JsonProperty("grant_types") List<String> grantTypes,
            @JsonProperty("scope") String scope,
            @JsonProperty("audiences") List<String> audiences,
            @JsonProperty("web_origins") List<String> webOrigins,
            @JsonProperty("first_party") boolean firstParty,
            @JsonProperty("access_token_ttl_seconds") Long accessTokenTtlSeconds,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("client_secret") String clientSecret) {

        static ClientView of(Client c, Optional<String> secret) {
            return new ClientView(c.clientId(), c.clientName(), c.authMethod().value(), c.redirectUris(),
                    c.postLogoutRedirectUris(), c.grantTypes().stream().sorted().toList(),
                    String.join(" ", c.scopes()), c.audiences(), c.webOrigins(), c.firstParty(),
                    c.accessTokenTtl().map(Duration::toSeconds).orElse(null), c.createdAt().toString(), secret.orElse(null));
        }
    }

    public void list(Context ctx) {
        auth.require(ctx);
        JsonResponse.noStore(ctx, 200, Map.of("clients",
                clients.list().stream().map(c -> ClientView.of(c, Optional.empty())).toList()));
    }

    public void create(Context ctx) {
        auth.require(ctx);
        ClientRequest r = body.json(ctx, ClientRequest.class);
        Optional<AuthMethod> method = Optional.ofNullable(r.authMethod()).map(m -> AuthMethod.parse(m).orElseThrow(() ->
                OAuthException.invalidRequest("token_endpoint_auth_method must be client_secret_basic, "
                        + "client_secret_post, private_key_jwt or none")));
        if (r.accessTokenTtlSeconds() != null && (r.accessTokenTtlSeconds() < 30 || r.accessTokenTtlSeconds() > 86400)) {
            throw OAuthException.invalidRequest("access_token_ttl_seconds must be between 30 and 86400");
        }
        if (r.jwks() != null && !r.jwks().isObject()) {
            throw OAuthException.invalidRequest("field 'jwks' must be a JWK set object");
        }
        ClientRegistration registration = new ClientRegistration(
                r.clientId(), Optional.ofNullable(r.clientName()), method.filter(m -> m == AuthMethod.NONE).isPresent(),
                method.filter(m -> m != AuthMethod.NONE), Optional.ofNullable(r.clientSecret()),
                Optional.ofNullable(r.jwks()).map(JsonNode::toString),
                list(r.redirectUris()), list(r.postLogoutRedirectUris()), list(r.grantTypes()),
                r.scope() == null ? List.of() : Arrays.stream(r.scope().trim().split(" +")).filter(s -> !s.isEmpty()).toList(),
                list(r.audiences()), list(r.webOrigins()), Boolean.TRUE.equals(r.firstParty()),
                Optional.ofNullable(r.accessTokenTtlSeconds()).map(Duration::ofSeconds), Optional.empty(), Optional.empty());
        ClientService.Registered created = clients.register(registration);
        // An operator-chosen secret is not echoed back.
        Optional<String> shown = r.clientSecret() == null ? created.secret() : Optional.empty();
        ctx.header("Location", "/admin/api/v1/clients/" + created.client().clientId());
        JsonResponse.noStore(ctx, 201, ClientView.of(created.client(), shown));
    }

    public void read(Context ctx) {
        auth.require(ctx);
        JsonResponse.noStore(ctx, 200, ClientView.of(clients.require(ctx.pathParam("clientId")), Optional.empty()));
    }

    public void delete(Context ctx) {
        auth.require(ctx);
        if (!clients.remove(ctx.pathParam("clientId"))) {
            throw OAuthException.of("not_found", "no such client", 404);
        }
        ctx.status(204);
    }

    public void rotateSecret(Context ctx) {
        auth.require(ctx);
        String secret = clients.rotateSecret(ctx.pathParam("clientId"), Optional.empty());
        JsonResponse.noStore(ctx, 200, Map.of("client_id", ctx.pathParam("clientId"), "client_secret", secret));
    }

    private static List<String> list(List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(v -> v == null || v.isBlank())) {
            throw OAuthException.invalidRequest("lists must not contain empty values");
        }
        return values;
    }
}
