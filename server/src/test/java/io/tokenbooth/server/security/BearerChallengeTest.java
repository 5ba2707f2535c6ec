package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.http.HttpServer;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, defect 13, RFC 6750 §3.1: a request that carries no credentials (no Authorization header, or another
 * scheme than Bearer) gets a challenge without an error code; an invalid token still gets {@code error="invalid_token"}.
 * Checked at every endpoint of the route table that answers with a Bearer challenge.
 */
class BearerChallengeTest {
    private static final String ADMIN_TOKEN = "admin-token-for-the-challenge-test-0123456789";
    private static final String BARE_CHALLENGE = "Bearer realm=\"tokenbooth\"";
    /** The endpoints protected by a bearer credential; the test also finds them from the route table. */
    private static final Set<String> BEARER_PROTECTED = Set.of("GET /api/v1/me", "GET /oauth2/userinfo",
            "POST /oauth2/userinfo", "GET /admin/api/v1/clients", "POST /admin/api/v1/clients",
            "GET /admin/api/v1/clients/{clientId}", "DELETE /admin/api/v1/clients/{clientId}",
            "POST /admin/api/v1/clients/{clientId}/secret", "GET /admin/api/v1/apis", "POST /admin/api/v1/apis",
            "GET /admin/api/v1/apis/{name}", "DELETE /admin/api/v1/apis/{name}");

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("admin.token", ADMIN_TOKEN);

    @Test
    void everyBearerEndpointWhenNoCredentialsThenChallengeWithoutErrorCode() {
        List<String> challenged = new ArrayList<>();
        for (HttpServer.Route route : app.server().tokenbooth().routes()) {
            if (route.method().equals("HEAD")) {
                continue; // HEAD answers as GET does (HeadRequestTest)
            }
            TestServer.Response r = send(route);
            if (r.status() == 401 && r.header("WWW-Authenticate").orElse("").startsWith("Bearer")) {
                challenged.add(route.method() + " " + route.path());
                assertThat(r.header("WWW-Authenticate")).as(route + " " + r).contains(BARE_CHALLENGE);
            }
        }
        assertThat(challenged).containsExactlyInAnyOrderElementsOf(BEARER_PROTECTED);
    }

    @Test
    void everyBearerEndpointWhenOtherSchemeThenChallengeWithoutErrorCode() {
        for (HttpServer.Route route : protectedRoutes()) {
            TestServer.Response r = send(route, "Authorization", "Basic YWxpY2U6c2VjcmV0");
            assertThat(r.status()).as(route + " " + r).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).as(route + " " + r).contains(BARE_CHALLENGE);
        }
    }

    @Test
    void everyBearerEndpointWhenInvalidTokenThenInvalidTokenErrorCode() {
        for (HttpServer.Route route : protectedRoutes()) {
            TestServer.Response r = send(route, "Authorization", "Bearer not-a-valid-token");
            assertThat(r.status()).as(route + " " + r).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).as(route + " " + r)
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm=\"tokenbooth\"")
                            .contains("error=\"invalid_token\""));
        }
    }

    private static List<HttpServer.Route> protectedRoutes() {
        List<HttpServer.Route> routes = app.server().tokenbooth().routes().stream()
                .filter(r -> BEARER_PROTECTED.contains(r.method() + " " + r.path())).toList();
        assertThat(routes).hasSameSizeAs(BEARER_PROTECTED);
        return routes;
    }

    private static TestServer.Response send(HttpServer.Route route, String... headers) {
        String path = route.path().replace("{clientId}", "some-client").replace("{name}", "some-api")
                .replace("{id}", "1");
        HttpRequest.BodyPublisher body = route.method().equals("POST") && path.startsWith("/admin/")
                ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.server().url(path))).method(route.method(), body);
        if (path.startsWith("/admin/") && route.method().equals("POST")) {
            b.header("Content-Type", "application/json");
        }
        return app.server().send(b, headers);
    }
}
