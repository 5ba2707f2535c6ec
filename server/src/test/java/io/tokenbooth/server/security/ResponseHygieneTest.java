package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Response hygiene (checklist items 16, 22, 23): security headers on every answer, {@code no-store} on anything
 * carrying tokens or account data, no server software banner, JSON errors for unknown paths and methods. H2 only.
 */
class ResponseHygieneTest {
    private static final String PASSWORD = "saffron-glacier-pylon-4";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private static void assertSecurityHeaders(String what, Optional<String> nosniff, Optional<String> frame,
            Optional<String> csp, List<String> serverHeaders, Optional<String> poweredBy) {
        assertThat(nosniff).as("X-Content-Type-Options of " + what).contains("nosniff");
        assertThat(frame).as("X-Frame-Options of " + what).contains("DENY");
        assertThat(csp).as("Content-Security-Policy of " + what)
                .hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
        assertThat(serverHeaders).as("Server of " + what).allSatisfy(v -> assertThat(v).doesNotContainPattern("\\d"));
        assertThat(poweredBy).as("X-Powered-By of " + what).isEmpty();
    }

    private static void assertSecurityHeaders(String what, TestServer.Response r) {
        assertSecurityHeaders(what + " (" + r.status() + ")", r.header("X-Content-Type-Options"),
                r.header("X-Frame-Options"), r.header("Content-Security-Policy"), r.raw().headers().allValues("Server"),
                r.header("X-Powered-By"));
    }

    private static void assertSecurityHeaders(String what, RawHttp.Answer r) {
        assertSecurityHeaders(what + " (" + r.status() + ")", r.header("X-Content-Type-Options"),
                r.header("X-Frame-Options"), r.header("Content-Security-Policy"), r.all("Server"),
                r.header("X-Powered-By"));
    }

    private static void assertNoStore(String what, TestServer.Response r) {
        assertThat(r.header("Cache-Control")).as("Cache-Control of " + what + ": " + r)
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    }

    @Test
    void everyAnswerWhenAnyEndpointThenSecurityHeadersAndNoServerVersion() {
        app.server().signup("hugo_headers", PASSWORD);
        TestServer.Response login = app.server().login("hugo_headers", PASSWORD);
        String access = login.text("access_token");
        String refresh = login.text("refresh_token");
        Map<String, TestServer.Response> answers = new LinkedHashMap<>();
        answers.put("signup 201", app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", "hugo_two", "password", PASSWORD))));
        answers.put("signup 409", app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", "hugo_two", "password", PASSWORD))));
        answers.put("login 200", login);
        answers.put("login 400", app.server().login("hugo_headers", "nope-nope-nope"));
        answers.put("login 415", app.server().send(HttpRequest.newBuilder(URI.create(app.server().url("/api/v1/login")))
                .POST(HttpRequest.BodyPublishers.ofString("x")), "Content-Type", "text/plain"));
        answers.put("refresh 200", app.server().refresh(refresh));
        answers.put("refresh 400", app.server().refresh("not-a-token"));
        answers.put("logout 204", app.server().postJson("/api/v1/logout", "{\"refresh_token\":\"x\"}"));
        answers.put("me 200", app.server().get("/api/v1/me", "Authorization", "Bearer " + access));
        answers.put("me 401", app.server().get("/api/v1/me"));
        answers.put("jwks", app.server().get("/.well-known/jwks.json"));
        answers.put("discovery", app.server().get("/.well-known/openid-configuration"));
        answers.put("health live", app.server().get("/health/live"));
        answers.put("health ready", app.server().get("/health/ready"));
        answers.put("metrics", app.server().get("/metrics"));
        answers.put("unknown path 404", app.server().get("/nope"));
        answers.put("wrong method", app.server().get("/api/v1/login"));
        answers.put("options without CORS", app.server().send(
                HttpRequest.newBuilder(URI.create(app.server().url("/api/v1/login")))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())));
        answers.forEach(ResponseHygieneTest::assertSecurityHeaders);
        assertThat(answers.get("signup 201").status()).isEqualTo(201);
        assertThat(answers.get("refresh 200").status()).isEqualTo(200);
        assertThat(answers.get("me 200").status()).isEqualTo(200);
    }

    @Test
    void tokenAnswersWhenLoginAndRefreshThenCacheControlNoStore() {
        app.server().signup("hugo_cache", PASSWORD);
        TestServer.Response login = app.server().login("hugo_cache", PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertNoStore("login", login);
        assertThat(login.header("Pragma")).contains("no-cache");
        TestServer.Response refresh = app.server().refresh(login.text("refresh_token"));
        assertThat(refresh.status()).isEqualTo(200);
        assertNoStore("refresh", refresh);
        assertNoStore("me", app.server().get("/api/v1/me", "Authorization", "Bearer " + refresh.text("access_token")));
        assertNoStore("signup", app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", "hugo_cache2", "password", PASSWORD))));
        assertNoStore("login error", app.server().login("hugo_cache", "wrong-wrong-wrong"));
        assertNoStore("logout", app.server().postJson("/api/v1/logout",
                TestServer.json(Map.of("refresh_token", refresh.text("refresh_token")))));
    }

    @Test
    void unknownPathWhenRequestedThen404JsonError() {
        for (String path : List.of("/nope", "/api/v1/admin", "/api/v1/me/", "/api/v2/login", "/.well-known/jwks.json/x",
                "/api/v1/../../etc/passwd", "/WEB-INF/web.xml")) {
            TestServer.Response r = app.server().get(path);
            Answers.assertError(r, 404, null);
        }
    }

    @Test
    void wrongMethodWhenRequestedThen404Or405JsonError() {
        List<TestServer.Response> answers = List.of(
                app.server().get("/api/v1/login"),
                app.server().get("/api/v1/signup"),
                app.server().send(HttpRequest.newBuilder(URI.create(app.server().url("/api/v1/me"))).DELETE()),
                app.server().send(HttpRequest.newBuilder(URI.create(app.server().url("/api/v1/me")))
                        .PUT(HttpRequest.BodyPublishers.ofString("{}")), "Content-Type", "application/json"),
                app.server().send(HttpRequest.newBuilder(URI.create(app.server().url("/.well-known/jwks.json")))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))));
        for (TestServer.Response r : answers) {
            assertThat(r.status()).as(r.toString()).isIn(404, 405);
            Answers.assertError(r, r.status(), null);
        }
    }

    @Test
    void traceWhenRequestedThenNotEchoed() {
        RawHttp.Answer r = RawHttp.request(app.server().tokenbooth().port(), "TRACE", "/api/v1/me", null,
                "Authorization", "Bearer secret-token-value");
        assertThat(r.status()).as(r.toString()).isBetween(400, 499);
        assertThat(r.body()).doesNotContain("secret-token-value");
    }

    @Test
    void corsWhenNotConfiguredThenNoOriginIsAllowed() {
        TestServer.Response r = app.server().get("/.well-known/jwks.json", "Origin", "https://app.example.com");
        assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
    }

    // ---- answers produced by Jetty before any handler runs ------------------------------------------------------

    /** Requests Jetty refuses itself, before Javalin's handlers (and so our headers and error mapping) run. */
    private Map<String, RawHttp.Answer> refusedByJetty() {
        int port = app.server().tokenbooth().port();
        Map<String, RawHttp.Answer> answers = new LinkedHashMap<>();
        answers.put("header over 8 KiB", RawHttp.request(port, "GET", "/api/v1/me", null,
                "Authorization", "Bearer " + "A".repeat(20_000)));
        answers.put("non-numeric Content-Length", RawHttp.request(port, "POST", "/api/v1/login",
                "{}".getBytes(StandardCharsets.UTF_8), "Content-Length", "abc", "Content-Type", "application/json"));
        answers.put("URI over 8 KiB", RawHttp.request(port, "GET", "/api/v1/me?x=" + "q".repeat(20_000), null));
        return answers;
    }

    @Test
    void jettyErrorsWhenHeaderTooLargeOrRequestMalformedThen4xxWithoutStackTraceOrVersion() {
        refusedByJetty().forEach((what, r) -> {
            assertThat(r.status()).as(what + ": " + r).isBetween(400, 499);
            Answers.assertNoInternals(r.body());
            assertThat(r.body().toLowerCase(Locale.ROOT)).as(what).doesNotContainPattern("jetty[:/ ]?\\s*\\d");
            assertThat(r.all("Server")).as(what).allSatisfy(v -> assertThat(v).doesNotContainPattern("\\d"));
        });
    }

    @Test
    void jettyErrorsWhenHeaderTooLargeOrRequestMalformedThenSecurityHeadersAndJsonErrorBody() {
        // Checklist 23 asks for an OAuth-style error body for oversized and malformed input, and every answer should
        // carry the security headers. Jetty's own error handler answers these with an HTML page and none of them.
        refusedByJetty().forEach((what, r) -> {
            assertSecurityHeaders(what, r);
            Answers.assertError(r, r.status(), null);
        });
    }
}
