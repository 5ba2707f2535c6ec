package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.http.HttpServer;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, defect 12: HEAD runs GET's handler, so it follows GET's rules (RFC 9110 §9.3.2: the same answer without
 * the body); it never answers 200 where GET would refuse. Checked for every GET route of the route table.
 */
class HeadRequestTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("admin.token", "admin-token-for-the-head-test-0123456789");

    @Test
    void meWhenHeadWithoutTokenThen401LikeGet() {
        TestServer.Response r = head("/api/v1/me");
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(r.body()).isEmpty();
    }

    @Test
    void everyGetRouteWhenHeadThenSameStatusAsGetAndNoBody() {
        List<HttpServer.Route> gets = app.server().tokenbooth().routes().stream()
                .filter(r -> r.method().equals("GET")).toList();
        assertThat(gets).extracting(HttpServer.Route::path).contains("/api/v1/me", "/oauth2/userinfo",
                "/admin/api/v1/clients", "/admin/api/v1/clients/{clientId}");
        for (HttpServer.Route route : gets) {
            String path = route.path().replace("{clientId}", "some-client").replace("{name}", "some-api")
                    .replace("{id}", "1");
            TestServer.Response get = app.server().get(path);
            TestServer.Response head = head(path);
            assertThat(head.status()).as("HEAD " + path + " (GET answered " + get.status() + ")").isEqualTo(get.status());
            assertThat(head.body()).as("HEAD " + path).isEmpty();
        }
    }

    @Test
    void postOnlyRouteWhenHeadThen405() {
        for (String path : List.of("/api/v1/login", "/oauth2/token", "/oauth2/authorize/login")) {
            assertThat(head(path).status()).as("HEAD " + path).isEqualTo(405);
        }
    }

    private static TestServer.Response head(String path) {
        return app.server().send(HttpRequest.newBuilder(URI.create(app.server().url(path))).HEAD());
    }
}
