package io.tokenbooth.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import io.tokenbooth.server.api.Api;
import io.tokenbooth.server.api.ApiService;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.http.RequestBody;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API for registered APIs, {@code /admin/api/v1/apis}: list, register, read, remove. The same credential,
 * errors and JSON conventions as {@link AdminClientsEndpoint}: {@code scope} is a space-separated string, lifetimes
 * are {@code access_token_ttl_seconds}.
 */
public final class AdminApisEndpoint {
    private final ApiService apis;
    private final AdminAuthenticator auth;
    private final RequestBody body;

    public AdminApisEndpoint(ApiService apis, AdminAuthenticator auth, RequestBody body) {
        this.apis = apis;
        this.auth = auth;
        this.body = body;
    }

    /** The JSON accepted by {@code POST /admin/api/v1/apis}. */
    record ApiRequest(
            @JsonProperty("name") String name,
            @JsonProperty("audience") String audience,
            @JsonProperty("scope") String scope,
            @JsonProperty("access_token_ttl_seconds") Integer accessTokenTtlSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiView(
            @JsonProperty("name") String name,
            @JsonProperty("audience") String audience,
            @JsonProperty("scope") String scope,
            @JsonProperty("access_token_ttl_seconds") Long accessTokenTtlSeconds,
            @JsonProperty("created_at") String createdAt) {

        static ApiView of(Api a) {
            return new ApiView(a.name(), a.audience(), String.join(" ", a.scopes()),
                    a.accessTokenTtl().map(Duration::toSeconds).orElse(null), a.createdAt().toString());
        }
    }

    public void list(Context ctx) {
        auth.require(ctx);
        JsonResponse.noStore(ctx, 200, Map.of("apis", apis.list().stream().map(ApiView::of).toList()));
    }

    public void create(Context ctx) {
        auth.require(ctx);
        ApiRequest r = body.json(ctx, ApiRequest.class);
        List<String> scopes = r.scope() == null ? List.of()
                : Arrays.stream(r.scope().trim().split(" +")).filter(s -> !s.isEmpty()).toList();
        Api created = apis.register(r.name(), r.audience(), scopes,
                Optional.ofNullable(r.accessTokenTtlSeconds()).map(Duration::ofSeconds));
        ctx.header("Location", "/admin/api/v1/apis/" + created.name());
        JsonResponse.noStore(ctx, 201, ApiView.of(created));
    }

    public void read(Context ctx) {
        auth.require(ctx);
        JsonResponse.noStore(ctx, 200, ApiView.of(apis.require(ctx.pathParam("name"))));
    }

    public void delete(Context ctx) {
        auth.require(ctx);
        if (!apis.remove(ctx.pathParam("name"))) {
            throw OAuthException.of("not_found", "no such API", 404);
        }
        ctx.status(204);
    }
}
