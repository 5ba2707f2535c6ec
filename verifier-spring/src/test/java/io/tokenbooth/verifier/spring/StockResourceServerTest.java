package io.tokenbooth.verifier.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.verifier.FakeIssuerAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A stock Spring Boot resource server (spring-boot-starter-oauth2-resource-server + webmvc, configured with the
 * issuer URI only) plus our validator and the {@code at+jwt} type as beans, against a fake issuer on 127.0.0.1.
 */
@SpringBootTest(classes = DocumentedResourceServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "test.audience=" + StockResourceServerTest.AUD)
class StockResourceServerTest {
    static final FakeIssuerAccess ISSUER = start();
    static final String AUD = "http://127.0.0.1:8081";

    static FakeIssuerAccess start() {
        try {
            FakeIssuerAccess issuer = new FakeIssuerAccess();
            issuer.list("1", 64);
            return issuer;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER::issuer);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.close();
    }

    @Autowired
    Environment env;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String token) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + env.getProperty("local.server.port") + "/hello");
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptsAGoodToken() throws Exception {
        HttpResponse<String> r = get(ISSUER.token(AUD, "wallet:read", "1", 1));
        assertThat(r.statusCode()).as(r.headers().map().toString()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello alice");
    }

    @Test
    void refusesATamperedToken() throws Exception {
        HttpResponse<String> r = get(ISSUER.tampered(AUD, "wallet:read", "1", 2));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }

    @Test
    void refusesARevokedToken() throws Exception {
        String token = ISSUER.token(AUD, "wallet:read", "1", 3);
        assertThat(get(token).statusCode()).isEqualTo(200);
        ISSUER.revoke("1", 3);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> get(token).statusCode() == 401);
        assertThat(get(token).headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"").contains("revoked");
    }
}
