package io.tokenbooth.verifier.spring;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Tokenbooth in its own process, started as {@code ./tokenbooth} starts it ({@code TokenboothCli}, the embedded
 * H2 database in a fresh data folder) from the server module's classes and {@code target/runtime-classpath.txt}; set up
 * with the CLI as docs/verifier.md tells an operator ({@code api add}, {@code user add}). Not in-process: Spring Boot's
 * dependency management would give the server other versions of its libraries here.
 */
final class TokenboothProcess implements AutoCloseable {
    private final Process process;
    private final Path data;
    private final String issuer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TokenboothProcess(Process process, Path data, String issuer) {
        this.process = process;
        this.data = data;
        this.issuer = issuer;
    }

    /** Starts it with the API {@code audience} registered (scopes {@code scopes}) and the user {@code username}. */
    static TokenboothProcess start(String audience, List<String> scopes, String username, String password)
            throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("tokenbooth-spring-interop-");
        List<String> api = new ArrayList<>(List.of("api", "add", "interop", "--audience", audience));
        scopes.forEach(s -> api.addAll(List.of("--scope", s)));
        cli(data, null, api);
        cli(data, password + "\n", List.of("user", "add", username));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = builder(data, List.of("serve", "--port", String.valueOf(port)))
                .redirectOutput(data.resolve("tokenbooth.log").toFile()).start();
        TokenboothProcess t = new TokenboothProcess(p, data, "http://127.0.0.1:" + port);
        try {
            org.awaitility.Awaitility.await("Tokenbooth ready").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> !p.isAlive() || t.get("/health/ready").statusCode() == 200);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        if (!p.isAlive()) {
            throw new IllegalStateException("Tokenbooth did not start:\n" + Files.readString(data.resolve("tokenbooth.log")));
        }
        return t;
    }

    private static ProcessBuilder builder(Path data, List<String> args) {
        Path server = Path.of("..", "server", "target").toAbsolutePath().normalize();
        Path cp = server.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(cp)) {
            throw new IllegalStateException(cp + " is missing: build the server module first (mvn -pl verifier-spring -am)");
        }
        String classpath;
        try {
            classpath = server.resolve("classes") + java.io.File.pathSeparator + Files.readString(cp).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "io.tokenbooth.server.cli.TokenboothCli"));
        command.addAll(args);
        command.addAll(List.of("--data", data.toString()));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        // Cheap password hashing and no login rate limit, as in the server's own tests.
        b.environment().putAll(Map.of("TOKENBOOTH_PASSWORDS_ARGON2_MEMORY_KIB", "1024",
                "TOKENBOOTH_PASSWORDS_ARGON2_ITERATIONS", "1", "TOKENBOOTH_RATE_LIMIT_LOGIN_PER_IP", "0"));
        return b;
    }

    private static void cli(Path data, String stdin, List<String> args) throws IOException, InterruptedException {
        Process p = builder(data, args).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("tokenbooth " + String.join(" ", args) + " failed:\n" + out);
        }
    }

    String issuer() {
        return issuer;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(issuer + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST path} with a JSON body; the answer parsed, after checking its status. */
    Map<String, Object> postJson(String path, String json, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expectedStatus) {
            throw new AssertionError("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? Map.of() : JSONObjectUtils.parse(r.body());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
