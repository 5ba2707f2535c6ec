package io.tokenbooth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP scenarios: preparing what they need through the public API (sign-up, login), and the per-connection
 * sessions that {@link HttpLoad} drives.
 */
final class Scenarios {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FORM = "application/x-www-form-urlencoded";
    /** Preparation as a whole must finish within this. */
    static final Duration PREPARE_LIMIT = Duration.ofSeconds(180);

    private final LoadOptions options;
    private final URI base;
    private final String host;
    private final String runId;
    private final String password;
    private final HttpClient client;

    Scenarios(LoadOptions options) {
        this.options = options;
        this.base = options.url();
        this.host = options.hostHeader();
        SecureRandom random = new SecureRandom();
        // Digits only: usernames are unique by confusable skeleton, and random letters could collide as look-alikes.
        this.runId = Long.toString(Math.floorMod(random.nextLong(), 1_000_000_000_000L));
        // Random, so it is in no breached-password list.
        byte[] secret = new byte[12];
        random.nextBytes(secret);
        this.password = "load test " + HexFormat.of().formatHex(secret);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A user signed up for this run. */
    record User(String username, String password) {
    }

    /** Access and refresh token from one login. */
    record Tokens(String access, String refresh) {
    }

    // ---- preparation (java.net.http, a few requests in parallel: each sign-up and login is an Argon2id hash) ----

    List<User> signUp(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("lg" + runId + "-" + i);
        }
        return parallel(names, name -> {
            String body = JSON.createObjectNode().put("username", name).put("password", password).toString();
            post("/api/v1/signup", body, 201);
            return new User(name, password);
        });
    }

    List<Tokens> logIn(List<User> users, int logins) {
        List<User> who = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            who.add(users.get(i % users.size()));
        }
        return parallel(who, u -> tokens(post("/api/v1/login", loginBody(u), 200).body()));
    }

    private static Tokens tokens(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new Tokens(n.path("access_token").asText(null), n.path("refresh_token").asText(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loginBody(User u) {
        return JSON.createObjectNode().put("username", u.username()).put("password", u.password()).toString();
    }

    private HttpResponse<String> post(String path, String json, int expected) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), path, expected);
    }

    /** POST of a form body with an {@code Authorization} header (the OAuth endpoints). */
    private HttpResponse<String> postForm(String path, String form, String authorization, int expected) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", FORM).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), path, expected);
    }

    private HttpResponse<String> send(HttpRequest request, String path, int expected) {
        // A busy hashing bulkhead answers 503: retry a few times, briefly.
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r;
            try {
                r = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException("POST " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            if (r.statusCode() == expected) {
                return r;
            }
            if ((r.statusCode() == 503 || r.statusCode() == 429) && attempt < 5) {
                sleep(250L * attempt);
                continue;
            }
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body()
                    + (r.statusCode() == 429 ? " (start the server with TOKENBOOTH_RATE_LIMIT_*_PER_IP=0)" : ""));
        }
    }

    private interface Task<I, O> {
        O apply(I in) throws Exception;
    }

    private static <I, O> List<O> parallel(List<I> inputs, Task<I, O> task) {
        long deadline = System.nanoTime() + PREPARE_LIMIT.toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<O>> futures = new ArrayList<>();
            for (I in : inputs) {
                futures.add(pool.submit(() -> task.apply(in)));
            }
            List<O> out = new ArrayList<>();
            for (Future<O> f : futures) {
                long left = deadline - System.nanoTime();
                try {
                    out.add(f.get(Math.max(1, left), TimeUnit.NANOSECONDS));
                } catch (java.util.concurrent.TimeoutException e) {
                    pool.shutdownNow();
                    throw new IllegalStateException("preparation took longer than " + PREPARE_LIMIT.toSeconds() + " s");
                } catch (java.util.concurrent.ExecutionException e) {
                    pool.shutdownNow();
                    throw new IllegalStateException("preparation failed: " + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    pool.shutdownNow();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            return out;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- request builders ----

    byte[] get(String path, String authorization) {
        String head = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: tokenbooth-load\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] postJson(String path, String json) {
        return post(path, "application/json", null, json);
    }

    byte[] postForm(String path, String authorization, String form) {
        return post(path, FORM, authorization, form);
    }

    private byte[] post(String path, String contentType, String authorization, String content) {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: tokenbooth-load\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    // ---- scenarios ----

    /** A prepared scenario: its sessions, a line saying what was prepared, and one for after the run (or null). */
    record Prepared(HttpLoad.Sessions sessions, String description, java.util.function.Supplier<String> after) {
        Prepared(HttpLoad.Sessions sessions, String description) {
            this(sessions, description, () -> null);
        }
    }

    Prepared prepare() {
        long t0 = System.nanoTime();
        Prepared p = switch (options.scenario()) {
            case "jwks" -> jwks();
            case "me" -> me();
            case "login" -> login();
            case "refresh" -> refresh();
            case "client-credentials" -> clientCredentials();
            case "introspect" -> introspect();
            default -> throw new IllegalArgumentException(options.scenario());
        };
        return new Prepared(p.sessions(), p.description() + String.format(" in %.1f s", (System.nanoTime() - t0) / 1e9),
                p.after());
    }

    private static boolean ok(int status) {
        return status >= 200 && status < 300;
    }

    private Prepared jwks() {
        byte[] request = get("/.well-known/jwks.json", null);
        HttpLoad.Session session = new HttpLoad.Session() {
            @Override
            public byte[] request() {
                return request;
            }

            @Override
            public boolean completed(int status, byte[] body) {
                return true;
            }

            @Override
            public void failed() {
            }
        };
        return new Prepared(() -> session, "nothing to prepare");
    }

    private Prepared me() {
        List<User> users = signUp(options.users());
        List<Tokens> tokens = logIn(users, users.size());
        List<byte[]> requests = tokens.stream().map(t -> get("/api/v1/me", "Bearer " + t.access())).toList();
        int[] next = {0};
        return new Prepared(() -> {
            byte[] request = requests.get(next[0]++ % requests.size());
            return new HttpLoad.Session() {
                @Override
                public byte[] request() {
                    return request;
                }

                @Override
                public boolean completed(int status, byte[] body) {
                    return true;
                }

                @Override
                public void failed() {
                }
            };
        }, users.size() + " users signed up, " + tokens.size() + " access tokens (10 min lifetime)");
    }

    private Prepared login() {
        List<User> users = signUp(options.users());
        List<byte[]> requests = users.stream().map(u -> postJson("/api/v1/login", loginBody(u))).toList();
        int[] next = {0};
        return new Prepared(() -> {
            int first = next[0]++;
            return new HttpLoad.Session() {
                int i = first;

                @Override
                public byte[] request() {
                    return requests.get(i++ % requests.size());
                }

                @Override
                public boolean completed(int status, byte[] body) {
                    if (ok(status) && tokens(new String(body, StandardCharsets.UTF_8)).refresh() == null) {
                        throw new IllegalStateException("login answer without refresh_token");
                    }
                    return true;
                }

                @Override
                public void failed() {
                }
            };
        }, users.size() + " users signed up (Argon2id m=19456,t=2,p=1 unless the server says otherwise)");
    }

    /**
     * Refresh-token chains: one login each. A session presents its chain's newest token and keeps the new one from
     * the answer; presenting a spent token would be a replay and revoke the chain, so a chain whose request failed or
     * was refused (its state is then unknown or ended) is dropped and a spare chain takes its place.
     */
    private Prepared refresh() {
        int chains = options.concurrency() + options.spare();
        List<User> users = signUp(Math.min(options.users(), chains));
        List<Tokens> tokens = logIn(users, chains);
        Deque<String> pool = new ArrayDeque<>();
        tokens.forEach(t -> pool.add(t.refresh()));
        int[] dropped = {0};
        return new Prepared(() -> {
            String first = pool.poll();
            if (first == null) {
                return null;
            }
            return new HttpLoad.Session() {
                String token = first;

                @Override
                public byte[] request() {
                    return postJson("/api/v1/refresh", "{\"refresh_token\":\"" + token + "\"}");
                }

                @Override
                public boolean completed(int status, byte[] body) {
                    if (!ok(status)) {
                        dropped[0]++;
                        return false;
                    }
                    String next = tokens(new String(body, StandardCharsets.UTF_8)).refresh();
                    if (next == null) {
                        throw new IllegalStateException("refresh answer without refresh_token");
                    }
                    token = next;
                    return true;
                }

                @Override
                public void failed() {
                    dropped[0]++;
                }
            };
        }, users.size() + " users signed up, " + chains + " refresh-token chains (" + options.concurrency()
                + " in use, " + options.spare() + " spare)",
                () -> dropped[0] == 0 ? null : dropped[0] + " refresh-token chains dropped after an error or refusal");
    }
    // ---- OAuth scenarios ----

    /**
     * A client secret from a file: the value of its {@code client_secret: } line (the output of
     * {@code tokenbooth client add}), else its first line. Read from a file so that it never shows in a process list.
     */
    static String secret(java.nio.file.Path file) {
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the client secret file " + file, e);
        }
        for (String line : lines) {
            if (line.startsWith("client_secret: ")) {
                return line.substring("client_secret: ".length()).strip();
            }
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalStateException("no client secret in " + file);
        }
        return lines.get(0).strip();
    }

    /** {@code client_secret_basic} (RFC 6749 §2.3.1): both parts form-urlencoded, then Base64. */
    static String basic(String clientId, String secret) {
        String pair = java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private String grantForm() {
        return "grant_type=client_credentials&scope=" + java.net.URLEncoder.encode(options.scope(), StandardCharsets.UTF_8);
    }

    /** A token response's access token and lifetime; anything else is an error. */
    private record Grant(String accessToken, long expiresIn) {
    }

    private Grant grant(byte[] body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("token answer is not JSON");
        }
        String token = n.path("access_token").asText(null);
        if (token == null || !"Bearer".equals(n.path("token_type").asText(null))
                || !options.scope().equals(n.path("scope").asText(null))) {
            throw new IllegalStateException("token answer without a Bearer access_token for scope " + options.scope());
        }
        return new Grant(token, n.path("expires_in").asLong(0));
    }

    /** Whether an introspection answer says {@code "active": true}; anything else is an error. */
    private static void requireActive(byte[] body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("introspection answer is not JSON");
        }
        JsonNode active = n.get("active");
        if (active == null || !active.isBoolean() || !active.booleanValue()) {
            throw new IllegalStateException("introspection answer is not \"active\": true: "
                    + (n.size() > 3 ? "{...}" : n.toString()));
        }
    }

    /** Sessions that all send from {@code requests} (round-robin, shared) and check 2xx answers with {@code check}. */
    private static HttpLoad.Sessions roundRobin(List<byte[]> requests, java.util.function.Consumer<byte[]> check) {
        int[] next = {0};
        return () -> new HttpLoad.Session() {
            @Override
            public byte[] request() {
                byte[] r = requests.get(next[0]);
                next[0] = (next[0] + 1) % requests.size();
                return r;
            }

            @Override
            public boolean completed(int status, byte[] body) {
                // Non-2xx answers are counted by HttpLoad; a 2xx answer that is not what it should be throws, which
                // HttpLoad counts as an error.
                if (ok(status)) {
                    check.accept(body);
                }
                return true;
            }

            @Override
            public void failed() {
            }
        };
    }

    /**
     * {@code client_credentials}: every request a fresh grant, HTTP Basic client authentication, {@code scope}. A 2xx
     * answer must carry a Bearer access token for that scope.
     */
    private Prepared clientCredentials() {
        String authorization = basic(options.clientId(), secret(options.clientSecretFile().orElseThrow()));
        String form = grantForm();
        Grant first = grant(postForm("/oauth2/token", form, authorization, 200).body().getBytes(StandardCharsets.UTF_8));
        byte[] request = postForm("/oauth2/token", authorization, form);
        return new Prepared(roundRobin(List.of(request), this::grant),
                "client " + options.clientId() + " (client_secret_basic), " + form + "; a first grant gave a "
                        + first.accessToken().length() + "-character access token, expires_in " + first.expiresIn() + " s");
    }

    /**
     * Introspection (RFC 7662) of a pool of distinct access tokens, obtained beforehand with client_credentials grants,
     * round-robin, by a confidential client. A 2xx answer must say {@code "active": true}.
     */
    private Prepared introspect() {
        String grantAuth = basic(options.clientId(), secret(options.clientSecretFile().orElseThrow()));
        String introspectAuth = basic(options.introspectorId(), secret(options.introspectorSecretFile().orElseThrow()));
        String form = grantForm();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < options.tokens(); i++) {
            indexes.add(i);
        }
        List<Grant> grants = parallel(indexes,
                i -> grant(postForm("/oauth2/token", form, grantAuth, 200).body().getBytes(StandardCharsets.UTF_8)));
        long distinct = grants.stream().map(Grant::accessToken).distinct().count();
        if (distinct != grants.size()) {
            throw new IllegalStateException("the token pool has " + distinct + " distinct tokens of " + grants.size());
        }
        long minLife = grants.stream().mapToLong(Grant::expiresIn).min().orElse(0);
        long needed = options.warmupSeconds() + options.durationSeconds() + 30L;
        if (minLife < needed) {
            throw new IllegalStateException("the pool's access tokens live " + minLife + " s, less than the " + needed
                    + " s the run needs");
        }
        List<byte[]> requests = grants.stream().map(g -> postForm("/oauth2/introspect", introspectAuth,
                "token=" + java.net.URLEncoder.encode(g.accessToken(), StandardCharsets.UTF_8))).toList();
        // One introspection checked before the load, so that a misconfigured introspector fails here, clearly.
        requireActive(postForm("/oauth2/introspect", "token=" + grants.get(0).accessToken(), introspectAuth, 200)
                .body().getBytes(StandardCharsets.UTF_8));
        return new Prepared(roundRobin(requests, Scenarios::requireActive),
                grants.size() + " distinct access tokens from client " + options.clientId() + " (" + form
                        + ", expires_in >= " + minLife + " s), introspected round-robin by client "
                        + options.introspectorId() + " (client_secret_basic)");
    }
}
