package io.tokenbooth.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenbooth.server.app.Tokenbooth;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A real Tokenbooth server on a free port, driven over HTTP with {@link HttpClient}. Built with {@link #builder}.
 * Password hashing is made cheap by default (Argon2id m=1 MiB, t=1) so suites stay fast; tests about hashing
 * cost set the production parameters back.
 */
public final class TestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Tokenbooth server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public final MutableClock clock;
    public final TestDatabase database;

    private TestServer(Tokenbooth server, MutableClock clock, TestDatabase database) {
        this.server = server;
        this.clock = clock;
        this.database = database;
    }

    public static Builder builder(TestDatabase database) {
        return new Builder(database);
    }

    public static final class Builder {
        private final TestDatabase database;
        private final Map<String, String> settings = new HashMap<>();
        private MutableClock clock = MutableClock.startingNow();

        private Builder(TestDatabase database) {
            this.database = database;
            settings.put("port", "0");
            settings.put("passwords.argon2-memory-kib", "1024");
            settings.put("passwords.argon2-iterations", "1");
            settings.put("keys.refresh-interval", "1h");
            settings.put("keys.check-interval", "1m"); // tests reload keys explicitly; the emergency test sets its own
            settings.put("rate-limit.login-per-ip", "0");
            settings.put("rate-limit.signup-per-ip", "0");
            settings.put("rate-limit.refresh-per-ip", "0");
            settings.put("rate-limit.authorize-per-ip", "0");
            settings.putAll(database.settings());
        }

        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Builder clock(MutableClock c) {
            this.clock = c;
            return this;
        }

        public TestServer start() {
            TokenboothConfig config = ConfigLoader.load(settings, Map.of(), Optional.empty());
            return new TestServer(Tokenbooth.start(config, clock), clock, database);
        }
    }

    public Tokenbooth tokenbooth() {
        return server;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public String issuer() {
        return server.issuer();
    }

    public Response postJson(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        return send(b, headers);
    }

    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), headers);
    }

    public Response send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs up {@code username} with {@code password}; fails the test unless it is 201. */
    public JsonNode signup(String username, String password) {
        Response r = postJson("/api/v1/signup", json(Map.of("username", username, "password", password)));
        if (r.status() != 201) {
            throw new AssertionError("signup of " + username + " answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    public Response login(String username, String password) {
        return postJson("/api/v1/login", json(Map.of("username", username, "password", password)));
    }

    public Response refresh(String refreshToken) {
        return postJson("/api/v1/refresh", json(Map.of("refresh_token", refreshToken)));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer with its body parsed as JSON on demand. */
    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status() + "): " + raw.body(), e);
            }
        }

        public String text(String field) {
            JsonNode n = json().get(field);
            return n == null || n.isNull() ? null : n.asText();
        }

        @Override
        public String toString() {
            return status() + " " + raw.body();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
