package io.tokenbooth.verifier.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Interoperability with the real thing: a stock Spring Boot resource server (spring-boot-starter-oauth2-resource-server
 * + webmvc, configured with the issuer URI only, plus the three beans docs/verifier.md shows) in front of a real
 * Tokenbooth in another process. It accepts the access token Tokenbooth's login API mints for its audience and scopes,
 * refuses the same token tampered with, and refuses it within 2 seconds of the user logging out.
 */
@SpringBootTest(classes = DocumentedResourceServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "test.audience=" + RealTokenboothResourceServerTest.AUD)
class RealTokenboothResourceServerTest {
    static final String AUD = "https://orders.tokenbooth.test";
    static final String USER = "alice";
    static final String PASSWORD = "amber-quarry-lantern-83";
    static final TokenboothProcess TOKENBOOTH = start();

    static TokenboothProcess start() {
        try {
            return TokenboothProcess.start(AUD, List.of("orders:read", "orders:write"), USER, PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", TOKENBOOTH::issuer);
    }

    @AfterAll
    static void stopTokenbooth() {
        TOKENBOOTH.close();
    }

    @Autowired
    Environment env;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String token) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + env.getProperty("local.server.port") + "/hello");
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /api/v1/login} with the API's resource and one of its scopes: the seed's flow. */
    Map<String, Object> login() throws Exception {
        return TOKENBOOTH.postJson("/api/v1/login", JSONObjectUtils.toJSONString(Map.of("username", USER,
                "password", PASSWORD, "scope", "orders:read", "resource", AUD)), 200);
    }

    @Test
    void acceptsTheAccessTokenTokenboothMintsForThisApi() throws Exception {
        HttpResponse<String> r = get((String) login().get("access_token"));
        assertThat(r.statusCode()).as(r.headers().map().toString()).isEqualTo(200);
        assertThat(r.body()).matches("hello \\S+");
    }

    @Test
    void refusesItTamperedWith() throws Exception {
        String[] parts = ((String) login().get("access_token")).split("\\.");
        Map<String, Object> claims = JSONObjectUtils.parse(Base64URL.from(parts[1]).decodeToString());
        claims.put("scope", "orders:read orders:write");
        String tampered = parts[0] + "." + Base64URL.encode(JSONObjectUtils.toJSONString(claims)) + "." + parts[2];
        HttpResponse<String> r = get(tampered);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void refusesItWithinTwoSecondsOfLogout() throws Exception {
        Map<String, Object> tokens = login();
        String access = (String) tokens.get("access_token");
        assertThat(get(access).statusCode()).isEqualTo(200);
        TOKENBOOTH.postJson("/api/v1/logout", JSONObjectUtils.toJSONString(Map.of("refresh_token",
                tokens.get("refresh_token"))), 204);
        long revokedAt = System.nanoTime();
        Awaitility.await("Spring refuses the revoked token").atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20)).until(() -> get(access).statusCode() == 401);
        System.out.println("revocation to refusal (Spring resource server, logout): "
                + (System.nanoTime() - revokedAt) / 1_000_000 + " ms");
        assertThat(get(access).headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"").contains("revoked");
    }
}
