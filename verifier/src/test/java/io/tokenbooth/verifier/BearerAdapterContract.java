package io.tokenbooth.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP adapter answers, over real HTTP: a subclass starts its server with a resource that requires
 * {@code wallet:read} (realm {@code wallet}) and answers {@code hello <sub>} from the token the adapter kept.
 */
public abstract class BearerAdapterContract {
    protected static final String AUD = "http://127.0.0.1:8081";
    protected FakeIssuerAccess issuer;
    protected ResourceServerVerifier verifier;
    private String url;

    /** Starts the server; returns the protected resource's URL. */
    protected abstract String start(ResourceServerVerifier verifier) throws Exception;

    protected abstract void stop() throws Exception;

    @BeforeEach
    void startAll() throws Exception {
        issuer = new FakeIssuerAccess();
        issuer.list("1", 16);
        verifier = ResourceServerVerifier.builder(issuer.issuer()).audience(AUD).build();
        url = start(verifier);
    }

    @AfterEach
    void stopAll() throws Exception {
        stop();
        verifier.close();
        issuer.close();
    }

    HttpResponse<String> get(String authorization) throws Exception {
        return FakeIssuerAccess.get(url, authorization);
    }

    @Test
    void letsAGoodTokenThroughAndKeepsItForTheHandler() throws Exception {
        HttpResponse<String> r = get("bearer " + issuer.token(AUD, "wallet:read wallet:write", "1", 3));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello alice");
    }

    @Test
    void missingTokenIs401WithABareChallenge() throws Exception {
        for (String auth : new String[] {null, "Basic YTpi", "Bearer ", "Bearer a b"}) {
            HttpResponse<String> r = get(auth);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wallet\"");
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(r.body()).isEqualTo("{\"error\":\"invalid_token\","
                    + "\"error_description\":\"a bearer access token is required\"}");
        }
    }

    @Test
    void headNeedsATokenToo() throws Exception {
        HttpResponse<Void> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void refusedTokenIs401InvalidToken() throws Exception {
        for (String token : new String[] {issuer.token("http://127.0.0.1:9999", "wallet:read", "1", 3),
                issuer.tampered(AUD, "wallet:read", "1", 3)}) {
            HttpResponse<String> r = get("Bearer " + token);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer realm=\"wallet\", error=\"invalid_token\", error_description=\"");
            assertThat(r.body()).startsWith("{\"error\":\"invalid_token\",\"error_description\":\"");
        }
    }

    @Test
    void revokedTokenIs401() throws Exception {
        issuer.revoke("1", 5);
        HttpResponse<String> r = get("Bearer " + issuer.token(AUD, "wallet:read", "1", 5));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wallet\", "
                + "error=\"invalid_token\", error_description=\"the access token has been revoked\"");
    }

    @Test
    void missingScopeIs403InsufficientScope() throws Exception {
        HttpResponse<String> r = get("Bearer " + issuer.token(AUD, "wallet:write", "1", 3));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wallet\", "
                + "error=\"insufficient_scope\", error_description=\"the access token lacks the scope wallet:read\", "
                + "scope=\"wallet:read\"");
        assertThat(r.body()).isEqualTo("{\"error\":\"insufficient_scope\","
                + "\"error_description\":\"the access token lacks the scope wallet:read\"}");
    }
}
