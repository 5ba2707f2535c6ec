package io.tokenbooth.verifier.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.tokenbooth.verifier.FakeIssuerAccess;
import io.tokenbooth.verifier.ResourceServerVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BearerAuthTest {
    static final String AUD = "http://127.0.0.1:8081";
    FakeIssuerAccess issuer;
    ResourceServerVerifier verifier;
    Javalin app;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        issuer = new FakeIssuerAccess();
        issuer.list("1", 16);
        verifier = ResourceServerVerifier.builder(issuer.issuer()).audience(AUD).build();
        app = Javalin.create(c -> {
            c.routes.before("/wallet", BearerAuth.requireIn("wallet", verifier, "wallet:read"));
            c.routes.get("/wallet", ctx -> ctx.result("hello " + BearerAuth.token(ctx).subject()));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        verifier.close();
        issuer.close();
    }

    HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/wallet"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void letsAGoodTokenThroughAndKeepsItOnTheContext() throws Exception {
        HttpResponse<String> r = get("Bearer " + issuer.token(AUD, "wallet:read", "1", 3));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello alice");
    }

    @Test
    void missingTokenIs401WithABareChallenge() throws Exception {
        for (String auth : new String[] {null, "Basic YTpi", "Bearer "}) {
            HttpResponse<String> r = get(auth);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wallet\"");
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            assertThat(r.body()).contains("\"error\":\"invalid_token\"");
        }
    }

    @Test
    void refusedTokenIs401InvalidToken() throws Exception {
        HttpResponse<String> r = get("Bearer " + issuer.token("http://127.0.0.1:9999", "wallet:read", "1", 3));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"wallet\", error=\"invalid_token\", error_description=\"");
        assertThat(r.body()).startsWith("{\"error\":\"invalid_token\",\"error_description\":\"");
    }

    @Test
    void revokedTokenIs401() throws Exception {
        issuer.revoke("1", 5);
        HttpResponse<String> r = get("Bearer " + issuer.token(AUD, "wallet:read", "1", 5));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("revoked");
    }

    @Test
    void missingScopeIs403InsufficientScope() throws Exception {
        HttpResponse<String> r = get("Bearer " + issuer.token(AUD, "wallet:write", "1", 3));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer realm=\"wallet\", error=\"insufficient_scope\", error_description=\"the access "
                        + "token lacks the scope wallet:read\", scope=\"wallet:read\"");
        assertThat(r.body()).contains("\"error\":\"insufficient_scope\"");
    }
}
