package io.tokenbooth.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running server and comes back: requests that need it answer 503 quickly with a
 * Retry-After, nothing else breaks, nothing is half-done, and service resumes without a restart.
 */
class PostgresOutageTest {
    private static final String PASSWORD = "correct horse battery staple";
    /** Hikari's connection timeout is 3 s; leave room for a slow machine but far less than a hang. */
    private static final Duration PROMPT = Duration.ofSeconds(8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestDatabase db;
    private TestServer server;

    @BeforeEach
    void start() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
        // A small pool, so that after the few severed connections are spent, requests must ask for new ones and
        // wait out the pool's connection timeout: both failure paths are exercised.
        server = TestServer.builder(db).set("db-pool-size", "2").start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close(); // re-allows connections before dropping
        }
    }

    record Timed(int status, String body, HttpResponse<String> raw, Duration took) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private Timed send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(15));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Timed(r.statusCode(), r.body(), r, Duration.ofNanos(System.nanoTime() - start));
    }

    private void cutDatabaseOff() {
        db.adminSql("alter database " + db.pgName() + " allow_connections false");
        db.adminSql("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + db.pgName() + "'");
    }

    private void restoreDatabase() {
        db.adminSql("alter database " + db.pgName() + " allow_connections true");
    }

    private static void assertUnavailable(Timed r) throws Exception {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(503);
        assertThat(r.took()).as("answered promptly").isLessThan(PROMPT);
        JsonNode json = r.json();
        assertThat(json.get("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(json.get("error_description").asText()).contains("database").contains("try again");
        assertThat(r.raw().headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isPositive());
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        // No internals leak to the client.
        assertThat(r.body()).doesNotContain("PSQLException").doesNotContain("Hikari").doesNotContain("tokenbooth_test_");
    }

    @Test
    void requestsWhenDatabaseCutOffThen503WithRetryAfterAndRecoverWithoutRestart() throws Exception {
        server.signup("outage", PASSWORD);
        TestServer.Response login = server.login("outage", PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        String refreshToken = login.text("refresh_token");
        String accessToken = login.text("access_token");
        String loginBody = TestServer.json(Map.of("username", "outage", "password", PASSWORD));
        String refreshBody = TestServer.json(Map.of("refresh_token", refreshToken));
        String jwksBefore = server.get("/.well-known/jwks.json").body();
        assertThat(jwksBefore).contains("\"kid\"");

        cutDatabaseOff();
        try {
            assertUnavailable(send("POST", "/api/v1/login", loginBody));
            assertUnavailable(send("POST", "/api/v1/refresh", refreshBody));
            assertUnavailable(send("POST", "/api/v1/signup",
                    TestServer.json(Map.of("username", "during_outage", "password", PASSWORD))));
            // By now the severed connections are gone: these wait for a new connection that never comes.
            assertUnavailable(send("POST", "/api/v1/login", loginBody));
            assertUnavailable(send("POST", "/api/v1/refresh", refreshBody));

            Timed ready = send("GET", "/health/ready", null);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.took()).isLessThan(PROMPT);
            assertThat(ready.json().get("status").asText()).isEqualTo("DOWN");
            Timed live = send("GET", "/health/live", null);
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.took()).isLessThan(Duration.ofSeconds(2));
            // Keys are served from memory.
            Timed jwks = send("GET", "/.well-known/jwks.json", null);
            assertThat(jwks.status()).isEqualTo(200);
            assertThat(jwks.body()).isEqualTo(jwksBefore);
            assertThat(jwks.took()).isLessThan(Duration.ofSeconds(2));
        } finally {
            restoreDatabase();
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> send("GET", "/health/ready", null).status() == 200);
        Timed again = send("POST", "/api/v1/login", loginBody);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(server.get("/api/v1/me", "Authorization", "Bearer " + again.json().get("access_token").asText()).status())
                .isEqualTo(200);
        // The refresh attempted during the outage did not spend the token: it rotates now, once.
        TestServer.Response rotated = server.refresh(refreshToken);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(server.refresh(rotated.text("refresh_token")).status()).isEqualTo(200);
        // The access token issued before the outage was never affected.
        assertThat(server.get("/api/v1/me", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);
        // The sign-up refused during the outage did not happen.
        assertThat(server.login("during_outage", PASSWORD).status()).isEqualTo(400);
    }

    @Test
    void meWhenDatabaseCutOffThen503NotUnauthorized() throws Exception {
        server.signup("outage_me", PASSWORD);
        String access = server.login("outage_me", PASSWORD).text("access_token");
        cutDatabaseOff();
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(server.url("/api/v1/me")))
                    .header("Authorization", "Bearer " + access).timeout(Duration.ofSeconds(15)).GET().build();
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            Timed me = new Timed(r.statusCode(), r.body(), r, Duration.ofNanos(System.nanoTime() - start));
            // A valid token must not be reported as invalid just because the account lookup failed.
            assertUnavailable(me);
        } finally {
            restoreDatabase();
        }
    }
}
