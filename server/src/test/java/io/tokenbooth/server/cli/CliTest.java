package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process against fresh embedded databases, checked over HTTP with a real server. */
class CliTest {
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path tmp;

    static String kid(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))))
                .get("kid").asText();
    }

    static List<String> jwksKids(TestServer s) {
        return jwksKids(s, null);
    }

    /** Published kids of one algorithm ({@code null}: all). */
    static List<String> jwksKids(TestServer s, String alg) {
        List<String> kids = new ArrayList<>();
        s.get("/.well-known/jwks.json").json().get("keys").forEach(k -> {
            if (alg == null || alg.equals(k.get("alg").asText())) {
                kids.add(k.get("kid").asText());
            }
        });
        return kids;
    }

    @Test
    void whenACommandIsNamedThenOnlyItIsBuiltAndHelpStillListsAll() {
        assertThat(TokenboothCli.commandLine("serve", "--port", "0").getSubcommands()).containsOnlyKeys("serve");
        assertThat(TokenboothCli.commandLine("help", "serve").getSubcommands().keySet())
                .containsExactly("serve", "migrate", "user", "client", "api", "keys", "help");
        assertThat(TokenboothCli.commandLine().getSubcommands()).hasSize(7);
        Cli.Result serveHelp = Cli.run("serve", "--help");
        assertThat(serveHelp.exitCode()).isZero();
        assertThat(serveHelp.out()).contains("Usage: tokenbooth serve");
        Cli.Result unknown = Cli.run("serv");
        assertThat(unknown.exitCode()).isEqualTo(2);
    }

    @Test
    void helpWhenAskedThenListsEveryCommandAndExits0() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("serve").contains("migrate").contains("user").contains("keys");
        Cli.Result user = Cli.run("user", "--help");
        assertThat(user.exitCode()).isZero();
        assertThat(user.out()).contains("add").contains("passwd").contains("disable").contains("enable");
        Cli.Result keys = Cli.run("keys", "--help");
        assertThat(keys.out()).contains("list").contains("rotate");
    }

    @Test
    void parseWhenUnknownOptionThenExit2WithUsageOnStderr() {
        Cli.Result r = Cli.run("migrate", "--frobnicate", "--data", tmp.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--frobnicate");
        assertThat(tmp.resolve("tokenbooth.mv.db")).doesNotExist();
    }

    @Test
    void parseWhenUnknownCommandThenExit2() {
        assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void parseWhenPortNotANumberThenExit2() {
        Cli.Result r = Cli.run("migrate", "--port", "abc", "--data", tmp.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("abc");
    }

    @Test
    void configWhenYmlHasInvalidValueThenExit1NamingKeyAndFile() throws Exception {
        Path yml = tmp.resolve("bad.yml");
        Files.writeString(yml, "tokens.algorithm: HS256\n");
        Cli.Result r = Cli.run("keys", "list", "--config", yml.toString(), "--data", tmp.resolve("data").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("configuration error").contains("tokens.algorithm").contains(yml.toString());
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void configWhenFileMissingThenExit1() {
        Path missing = tmp.resolve("missing.yml");
        Cli.Result r = Cli.run("migrate", "--config", missing.toString(), "--data", tmp.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("configuration error").contains(missing.toString());
    }

    @Test
    void migrateWhenFreshThenSaysWhichDatabaseAndEveryMigrationAppliedAndTheSecondTimeNone() {
        Path data = tmp.resolve("said");
        Cli.Result first = Cli.run("migrate", "--data", data.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("database embedded H2 in " + data.toAbsolutePath().normalize())
                .contains("applied V1 initial schema").contains("applied V4 login sources")
                .containsPattern("up to date \\(version \\d+\\)");
        Cli.Result second = Cli.run("migrate", "--data", data.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).doesNotContain("applied ").contains("up to date (version ");
    }

    @Test
    void userAddWhenRunThenNamesItsDatabaseOnStandardError() {
        Path data = tmp.resolve("named");
        Cli.Result r = Cli.withInput(PASSWORD + "\n", "user", "add", "nameddb", "--data", data.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("tokenbooth: database embedded H2 in " + data.toAbsolutePath().normalize());
        assertThat(r.out()).doesNotContain("tokenbooth: database");
    }

    @Test
    void migrateWhenFreshDataDirThenExit0AndSchemaExists() throws Exception {
        Path data = tmp.resolve("data");
        Cli.Result r = Cli.run("migrate", "--data", data.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("up to date");
        // Idempotent.
        assertThat(Cli.run("migrate", "--data", data.toString()).exitCode()).isZero();
        String url = io.tokenbooth.server.storage.Database.jdbcUrl(
                io.tokenbooth.server.config.ConfigLoader.load(java.util.Map.of("data", data.toString()),
                        java.util.Map.of(), java.util.Optional.empty()).database());
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from accounts")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void userAddWhenPasswordOnStdinThenServerStartedLaterLogsIn() {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            Cli.Result add = Cli.withInput(PASSWORD + "\n", "user", "add", "bob", "--email", "bob@example.com",
                    "--data", db.dataDir().toString());
            assertThat(add.exitCode()).as(add.toString()).isZero();
            assertThat(add.out()).contains("created user bob");
            assertThat(add.out() + add.err()).doesNotContain(PASSWORD);
            try (TestServer server = TestServer.builder(db).start()) {
                TestServer.Response login = server.login("bob", PASSWORD);
                assertThat(login.status()).as(login.toString()).isEqualTo(200);
                TestServer.Response me = server.get("/api/v1/me", "Authorization", "Bearer " + login.text("access_token"));
                assertThat(me.text("username")).isEqualTo("bob");
                assertThat(me.text("email")).isEqualTo("bob@example.com");
                assertThat(server.login("bob", "wrong password here").status()).isEqualTo(400);
            }
        }
    }

    @Test
    void userAddWhenPasswordBreachedThenExit1AndNoAccount() {
        Path data = tmp.resolve("data");
        Cli.Result r = Cli.withInput("password1\n", "user", "add", "bob", "--data", data.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error:").contains("too common");
        assertThat(r.out()).doesNotContain("created");
        // The name is still free.
        assertThat(Cli.withInput(PASSWORD + "\n", "user", "add", "bob", "--data", data.toString()).exitCode()).isZero();
        Cli.Result again = Cli.withInput(PASSWORD + "\n", "user", "add", "BOB", "--data", data.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already registered");
    }

    @Test
    void userAddWhenStdinEmptyThenExit1() {
        Cli.Result r = Cli.withInput("", "user", "add", "bob", "--data", tmp.resolve("data").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("no password");
    }

    @Test
    void keysRotateWhenDelayZeroThenServerStartedAfterwardsSignsWithNewKid() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            String oldKid;
            try (TestServer first = TestServer.builder(db).start()) {
                first.signup("rotator", PASSWORD);
                oldKid = kid(first.login("rotator", PASSWORD).text("access_token"));
            }
            Cli.Result list = Cli.run("keys", "list", "--data", db.dataDir().toString());
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.out()).contains(oldKid).contains("ES256").contains("active");

            Cli.Result rotate = Cli.run("keys", "rotate", "--delay", "0s", "--data", db.dataDir().toString());
            assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
            Matcher m = Pattern.compile("key (\\S+) published").matcher(rotate.out());
            assertThat(m.find()).as(rotate.out()).isTrue();
            String newKid = m.group(1);
            assertThat(newKid).isNotEqualTo(oldKid);

            try (TestServer second = TestServer.builder(db).start()) {
                assertThat(jwksKids(second, "ES256")).containsExactlyInAnyOrder(oldKid, newKid);
                TestServer.Response login = second.login("rotator", PASSWORD);
                assertThat(kid(login.text("access_token"))).isEqualTo(newKid);
                assertThat(second.get("/api/v1/me", "Authorization", "Bearer " + login.text("access_token")).status())
                        .isEqualTo(200);
            }
            Cli.Result after = Cli.run("keys", "list", "--data", db.dataDir().toString());
            assertThat(after.out()).contains(oldKid).contains(newKid).contains("retired");
        }
    }

    private static String rotatedKid(Cli.Result rotate) {
        assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
        Matcher m = Pattern.compile("key (\\S+) published").matcher(rotate.out());
        assertThat(m.find()).as(rotate.out()).isTrue();
        return m.group(1);
    }

    @Test
    void keysRotateWhenMasterKeyLostThenNewKeysSignAndOldKeysAreDropped() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            String oldKid;
            List<String> oldKids;
            try (TestServer first = TestServer.builder(db).start()) {
                first.signup("lost_key", PASSWORD);
                oldKid = kid(first.login("lost_key", PASSWORD).text("access_token"));
                oldKids = jwksKids(first);
            }
            // The master key is lost: a new one will be generated, and the stored private keys no longer open.
            Files.delete(db.dataDir().resolve("master.key"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.builder(db).start().close())
                    .hasMessageContaining("cannot be decrypted with this master key");

            // docs/operations.md: "tokens then cannot be signed until `keys rotate` creates new keys" -- one for
            // access tokens (tokens.algorithm) and one for ID tokens (oauth.id-token-algorithm).
            String data = db.dataDir().toString();
            // Without --force the rotation is refused: this node's master key does not open the keys in use, and
            // storing a key no other node could open would break them. Nothing is written.
            String keysBefore = Cli.run("keys", "list", "--data", data).out();
            Cli.Result refused = Cli.run("keys", "rotate", "--delay", "0s", "--data", data);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("--force");
            assertThat(Cli.run("keys", "list", "--data", data).out()).isEqualTo(keysBefore);

            String newKid = rotatedKid(Cli.run("keys", "rotate", "--delay", "0s", "--force", "--data", data));
            String newIdKid = rotatedKid(Cli.run("keys", "rotate", "--alg", "RS256", "--delay", "0s", "--force", "--data", data));

            try (TestServer second = TestServer.builder(db).start()) {
                TestServer.Response login = second.login("lost_key", PASSWORD);
                assertThat(login.status()).as(login.toString()).isEqualTo(200);
                assertThat(kid(login.text("access_token"))).isEqualTo(newKid);
                // The old keys' tokens are rejected from now on, as the documentation says.
                assertThat(jwksKids(second)).containsExactlyInAnyOrder(newKid, newIdKid).doesNotContainAnyElementsOf(oldKids);
                assertThat(oldKids).contains(oldKid);
            }
        }
    }

    @Test
    void keysRotateWhenBadAlgOrDelayThenExit1() {
        String data = tmp.resolve("data").toString();
        Cli.Result alg = Cli.run("keys", "rotate", "--alg", "HS256", "--data", data);
        assertThat(alg.exitCode()).as(alg.toString()).isEqualTo(1);
        assertThat(alg.err()).contains("--alg");
        Cli.Result delay = Cli.run("keys", "rotate", "--delay", "soon", "--data", data);
        assertThat(delay.exitCode()).as(delay.toString()).isEqualTo(1);
        assertThat(delay.err()).contains("--delay").contains("soon");
    }
}
