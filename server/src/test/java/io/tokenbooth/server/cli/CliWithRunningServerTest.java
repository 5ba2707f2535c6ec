package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI works while a server runs on the same database: the embedded H2 one (AUTO_SERVER) and a PostgreSQL one.
 * Every change the CLI makes is checked over HTTP against the running server.
 */
class CliWithRunningServerTest {
    private static final String PASSWORD = CliTest.PASSWORD;
    private static final String NEW_PASSWORD = "a different long passphrase";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private String data() {
        return app.db().dataDir().toString();
    }

    private static String name(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 6);
    }

    private Cli.Result cli(String stdin, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data";
        all[args.length + 1] = data();
        return Cli.withInput(stdin, all);
    }

    @Test
    void userAddWhileServerRunsThenLoginOnRunningServerWorks() {
        Cli.Result add = cli(PASSWORD + "\n", "user", "add", "carol");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        TestServer.Response login = app.server().login("carol", PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(app.server().get("/api/v1/me", "Authorization", "Bearer " + login.text("access_token"))
                .text("username")).isEqualTo("carol");
        // The server still serves after the CLI closed its connections.
        assertThat(app.server().get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void userAddFromAnotherProcessWhileServerRunsThenLoginOnRunningServerWorks() throws Exception {
        // The real situation README describes: a second JVM opens the embedded database the server holds
        // (H2 AUTO_SERVER), not merely a second pool inside the server's JVM.
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                "io.tokenbooth.server.cli.TokenboothCli", "user", "add", "frank", "--data", data())
                .redirectErrorStream(true).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write((PASSWORD + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String output;
        try (var out = p.getInputStream()) {
            output = new String(out.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("created user frank");
        TestServer.Response login = app.server().login("frank", PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(app.server().get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void userPasswdWhenChangedThenRefreshTokensRevokedAndOnlyNewPasswordWorks() {
        String user = name("pw");
        app.server().signup(user, PASSWORD);
        TestServer.Response before = app.server().login(user, PASSWORD);
        String refresh = before.text("refresh_token");

        Cli.Result passwd = cli(NEW_PASSWORD + "\n", "user", "passwd", user);
        assertThat(passwd.exitCode()).as(passwd.toString()).isZero();
        assertThat(passwd.out()).contains("password changed");

        TestServer.Response refreshed = app.server().refresh(refresh);
        assertThat(refreshed.status()).isEqualTo(400);
        assertThat(refreshed.text("error")).isEqualTo("invalid_grant");
        assertThat(app.server().login(user, PASSWORD).status()).isEqualTo(400);
        TestServer.Response after = app.server().login(user, NEW_PASSWORD);
        assertThat(after.status()).isEqualTo(200);
        assertThat(app.server().refresh(after.text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void userAddWhenNoPasswordThenShownWithoutMethodsAndPasswordLoginFailsLikeAWrongPasswordUntilPasswdSetsOne() {
        String user = name("np");
        String other = name("np");
        app.server().signup(other, PASSWORD);
        Cli.Result add = cli(null, "user", "add", user, "--no-password", "--email", user + "@example.com");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).contains("created user " + user).contains("without a password");

        Cli.Result show = cli(null, "user", "show", user);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("username:        " + user).contains("email:           " + user + "@example.com")
                .contains("disabled:        no").contains("sign-in methods: none");

        TestServer.Response passwordless = app.server().login(user, PASSWORD);
        TestServer.Response wrong = app.server().login(other, PASSWORD + "!");
        assertThat(passwordless.status()).isEqualTo(400);
        assertThat(passwordless.body()).isEqualTo(wrong.body());

        Cli.Result passwd = cli(NEW_PASSWORD + "\n", "user", "passwd", user);
        assertThat(passwd.exitCode()).as(passwd.toString()).isZero();
        assertThat(cli(null, "user", "show", user).out()).contains("sign-in methods: password");
        assertThat(app.server().login(user, NEW_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void userAddWhenNoPasswordAndAHashThenExit1AndNoAccount() {
        String user = name("nh");
        Cli.Result add = cli(null, "user", "add", user, "--no-password", "--password-hash", "$2b$10$abc");
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).contains("--no-password");
        assertThat(app.server().tokenbooth().services().accounts.find(user)).isEmpty();
    }

    @Test
    void userShowWhenUnknownThenExit1() {
        Cli.Result show = cli(null, "user", "show", "nobody_here");
        assertThat(show.exitCode()).as(show.toString()).isEqualTo(1);
        assertThat(show.err()).contains("no such user");
    }

    @Test
    void userPasswdWhenNewPasswordBreachedThenExit1AndOldPasswordKept() {
        String user = name("pb");
        app.server().signup(user, PASSWORD);
        Cli.Result passwd = cli("password1\n", "user", "passwd", user);
        assertThat(passwd.exitCode()).as(passwd.toString()).isEqualTo(1);
        assertThat(passwd.err()).contains("too common");
        assertThat(app.server().login(user, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void userPasswdWhenUnknownUserThenExit1() {
        Cli.Result r = cli(NEW_PASSWORD + "\n", "user", "passwd", "nobody_here");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("nobody_here");
    }

    @Test
    void userDisableThenLoginForbiddenAndRefreshRevokedAndEnableRestoresLogin() {
        String user = name("dis");
        app.server().signup(user, PASSWORD);
        TestServer.Response before = app.server().login(user, PASSWORD);

        Cli.Result disable = cli(null, "user", "disable", user);
        assertThat(disable.exitCode()).as(disable.toString()).isZero();
        TestServer.Response blocked = app.server().login(user, PASSWORD);
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.text("error")).isEqualTo("access_denied");
        assertThat(app.server().refresh(before.text("refresh_token")).text("error")).isEqualTo("invalid_grant");
        assertThat(app.server().get("/api/v1/me", "Authorization", "Bearer " + before.text("access_token")).status())
                .isEqualTo(401);

        Cli.Result enable = cli(null, "user", "enable", user);
        assertThat(enable.exitCode()).as(enable.toString()).isZero();
        TestServer.Response after = app.server().login(user, PASSWORD);
        assertThat(after.status()).isEqualTo(200);
        assertThat(app.server().get("/api/v1/me", "Authorization", "Bearer " + after.text("access_token")).status())
                .isEqualTo(200);
    }

    @Test
    void keysListWhileServerRunsThenPrintsThePublishedKey() {
        String kid = CliTest.jwksKids(app.server()).get(0);
        Cli.Result list = cli(null, "keys", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("KID").contains(kid).contains("ES256");
        assertThat(list.out()).doesNotContain("\"d\"");
    }

    @Test
    void userAddWithPostgresDbAndMasterKeyInConfigThenLoginOnServerOfThatDatabase(@TempDir Path tmp) throws Exception {
        try (TestDatabase pg = TestDatabase.create(TestDatabase.Kind.POSTGRES);
             TestServer pgServer = TestServer.builder(pg).start()) {
            Path yml = tmp.resolve("tokenbooth.yml");
            Files.writeString(yml, "master-key: " + pg.settings().get("master-key") + "\n");
            Cli.Result add = Cli.withInput(PASSWORD + "\n", "user", "add", "dave", "--db", pg.jdbcUrl(),
                    "--config", yml.toString(), "--data", tmp.resolve("unused").toString());
            assertThat(add.exitCode()).as(add.toString()).isZero();
            TestServer.Response login = pgServer.login("dave", PASSWORD);
            assertThat(login.status()).as(login.toString()).isEqualTo(200);

            Cli.Result list = Cli.run("keys", "list", "--db", pg.jdbcUrl(), "--config", yml.toString());
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.out()).contains(CliTest.jwksKids(pgServer).get(0));
        }
    }

    @Test
    void userAddWithPostgresDbWithoutMasterKeyThenConfigurationErrorNamingVariable() {
        try (TestDatabase pg = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            Cli.Result add = Cli.withInput(PASSWORD + "\n", "user", "add", "erin", "--db", pg.jdbcUrl());
            assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
            assertThat(add.err()).contains("configuration error").contains("TOKENBOOTH_MASTER_KEY");
        }
    }
}
