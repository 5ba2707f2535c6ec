package io.tokenbooth.examples.wallet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenbooth.examples.wallet.WalletMain;
import io.tokenbooth.server.app.Tokenbooth;
import io.tokenbooth.server.cli.Cli;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The headline guarantee, end to end with nothing faked: a real Tokenbooth (H2 file, system clock), the wallet
 * started as a separate process the way {@code examples/wallet/run} starts it (its verifier polling the status lists
 * every second, the default), a token from the first-party login API for the wallet's audience and scopes -- and each
 * way of taking the right back at the server makes the wallet refuse the same access token with 401
 * {@code invalid_token} within 2 seconds. Each measured time is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationEndToEndTest {
    private static final String PASSWORD = "amber-quarry-lantern-83";
    private static final String SCOPE = "wallet:read wallet:write";
    private static final Duration LIMIT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestDatabase db;
    private Tokenbooth tokenbooth;
    private Process wallet;
    private Path walletData;
    private String walletOrigin;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        Map<String, String> settings = new HashMap<>(db.settings());
        settings.putAll(Map.of("port", "0", "passwords.argon2-memory-kib", "1024", "passwords.argon2-iterations", "1",
                "rate-limit.login-per-ip", "0", "rate-limit.refresh-per-ip", "0", "rate-limit.signup-per-ip", "0"));
        tokenbooth = Tokenbooth.start(ConfigLoader.load(settings, Map.of(), Optional.empty()), Clock.systemUTC());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        walletOrigin = "http://127.0.0.1:" + port;
        tokenbooth.services().apis.register("wallet", walletOrigin, List.of("wallet:read", "wallet:write"),
                Optional.empty());
        walletData = Files.createTempDirectory("wallet-e2e-");
        // No --audience and no --status-poll: the defaults docs/wallet.md relies on (own origin, 1 s).
        wallet = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WalletMain.class.getName(),
                "--port", String.valueOf(port), "--issuer", tokenbooth.issuer(), "--data", walletData.toString())
                .redirectErrorStream(true).redirectOutput(walletData.resolve("wallet.log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get(walletOrigin + "/config.json", null).statusCode() == 200);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (wallet != null) {
            wallet.destroy();
            wallet.waitFor();
        }
        if (tokenbooth != null) {
            tokenbooth.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void logoutWithTheRefreshTokenThenTheWalletProcessRefusesTheAccessTokenWithinTwoSeconds() throws Exception {
        Map<?, ?> tokens = acceptedLogin(newUser());
        String access = (String) tokens.get("access_token");
        HttpResponse<String> out = postJson(url("/api/v1/logout"),
                TestServer.json(Map.of("refresh_token", tokens.get("refresh_token"))));
        assertThat(out.statusCode()).as(out.body()).isEqualTo(204);
        assertRefusedWithinTwoSeconds("logout", access, System.nanoTime());
    }

    @Test
    void userDisabledThenTheWalletProcessRefusesTheAccessTokenWithinTwoSeconds() throws Exception {
        String user = newUser();
        String access = (String) acceptedLogin(user).get("access_token");
        tokenbooth.services().accounts.setDisabled(user, true);
        assertRefusedWithinTwoSeconds("user disabled", access, System.nanoTime());
    }

    @Test
    void cliRevokeSessionsFromAnotherConnectionThenTheWalletProcessRefusesWithinTwoSeconds() throws Exception {
        String user = newUser();
        String access = (String) acceptedLogin(user).get("access_token");
        // The operator's command, on the running server's database (H2 AUTO_SERVER), as docs/cli.md shows it. It
        // commits the revocation just before it returns (after opening the database, which takes most of its run),
        // so the clock starts when it returns; its own run time is printed beside.
        long started = System.nanoTime();
        Cli.Result r = Cli.run("user", "revoke-sessions", user, "--data", db.dataDir().toString());
        long returned = System.nanoTime();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("revoked 1 session");
        assertRefusedWithinTwoSeconds("user revoke-sessions (CLI, which ran " + (returned - started) / 1_000_000
                + " ms)", access, returned);
    }

    @Test
    void oauthRevokeOfAClientCredentialsAccessTokenThenTheWalletProcessRefusesWithinTwoSeconds() throws Exception {
        String id = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        ClientService.Registered client = tokenbooth.services().clients.register(new ClientRegistration(id,
                Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(),
                List.of("client_credentials"), List.of("wallet:read", "wallet:write"), List.of(), List.of(), false,
                Optional.empty(), Optional.empty(), Optional.empty()));
        String basic = "Basic " + Base64.getEncoder().encodeToString((id + ":" + client.secret().orElseThrow())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> t = form(url("/oauth2/token"), basic, "grant_type=client_credentials&scope="
                + enc(SCOPE) + "&resource=" + enc(walletOrigin));
        assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
        String access = (String) parse(t.body()).get("access_token");
        // The verifier accepts it; the wallet itself turns a client's own token away (a wallet belongs to a user).
        HttpResponse<String> before = get(walletOrigin + "/wallet", access);
        assertThat(before.statusCode()).as(before.body()).isEqualTo(403);
        assertThat(before.body()).contains("this token is a client's own");
        assertThat(before.headers().firstValue("WWW-Authenticate")).get().asString()
                .contains("error=\"insufficient_scope\"");
        HttpResponse<String> revoked = form(url("/oauth2/revoke"), basic, "token=" + enc(access));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertRefusedWithinTwoSeconds("/oauth2/revoke (client_credentials)", access, System.nanoTime());
    }


    private void assertRefusedWithinTwoSeconds(String how, String access, long revokedAt) throws Exception {
        await(how + ": the wallet refuses the revoked token").atMost(LIMIT.minusNanos(System.nanoTime() - revokedAt))
                .pollInterval(Duration.ofMillis(20)).pollDelay(Duration.ZERO)
                .until(() -> get(walletOrigin + "/wallet", access).statusCode() == 401);
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.println("revocation to refusal (" + how + "): " + millis + " ms");
        HttpResponse<String> refused = get(walletOrigin + "/wallet", access);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).get().asString()
                .startsWith("Bearer").contains("error=\"invalid_token\"");
    }

    private String newUser() throws Exception {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = postJson(url("/api/v1/signup"), TestServer.json(Map.of("username", name,
                "password", PASSWORD)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return name;
    }

    /** The seed's flow: id and password to a token for the wallet's audience and scopes, which the wallet takes. */
    private Map<?, ?> acceptedLogin(String user) throws Exception {
        HttpResponse<String> r = postJson(url("/api/v1/login"), TestServer.json(Map.of("username", user,
                "password", PASSWORD, "scope", SCOPE, "resource", walletOrigin)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<?, ?> tokens = parse(r.body());
        HttpResponse<String> ok = get(walletOrigin + "/wallet", (String) tokens.get("access_token"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        return tokens;
    }

    private static Map<?, ?> parse(String json) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
    }

    private String url(String path) {
        return tokenbooth.issuer() + path;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String uri, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(String uri, String authorization, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
