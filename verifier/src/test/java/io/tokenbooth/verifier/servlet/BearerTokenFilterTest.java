package io.tokenbooth.verifier.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.verifier.FakeIssuerAccess;
import io.tokenbooth.verifier.ResourceServerVerifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter in a real servlet container (Jetty 12, EE10), over HTTP. */
class BearerTokenFilterTest {
    static final String AUD = "http://127.0.0.1:8081";
    FakeIssuerAccess issuer;
    ResourceServerVerifier verifier;
    Server jetty;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        issuer = new FakeIssuerAccess();
        issuer.list("1", 16);
        verifier = ResourceServerVerifier.builder(issuer.issuer()).audience(AUD).build();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new BearerTokenFilter("wallet", verifier, "wallet:read")), "/wallet/*",
                null);
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().write("hello " + BearerTokenFilter.token(req).subject());
            }
        }), "/wallet/*");
        jetty.setHandler(context);
        jetty.start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        verifier.close();
        issuer.close();
    }

    HttpResponse<String> get(String authorization) throws Exception {
        int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wallet/x"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void letsAGoodTokenThroughWithTheTokenAsARequestAttribute() throws Exception {
        HttpResponse<String> r = get("bearer " + issuer.token(AUD, "wallet:read wallet:write", "1", 1));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello alice");
    }

    @Test
    void answersLikeTheJavalinHandler() throws Exception {
        HttpResponse<String> missing = get(null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wallet\"");

        HttpResponse<String> tampered = get("Bearer " + issuer.tampered(AUD, "wallet:read", "1", 1));
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"wallet\", error=\"invalid_token\"");
        assertThat(tampered.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(tampered.body()).startsWith("{\"error\":\"invalid_token\",\"error_description\":");

        issuer.revoke("1", 2);
        HttpResponse<String> revoked = get("Bearer " + issuer.token(AUD, "wallet:read", "1", 2));
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).contains("revoked");

        HttpResponse<String> scope = get("Bearer " + issuer.token(AUD, "wallet:write", "1", 3));
        assertThat(scope.statusCode()).isEqualTo(403);
        assertThat(scope.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").endsWith("scope=\"wallet:read\"");
    }
}
