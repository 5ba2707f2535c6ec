package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.app.Services;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientSecrets;
import io.tokenbooth.server.client.JdbcClientStore;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import io.tokenbooth.server.token.OpaqueTokens;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code tokenbooth client ...} run in-process through {@link TokenboothCli#execute} on an embedded H2 database, with
 * the results checked in the database itself (a separate {@link Services} on the same data folder).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCommandTest {
    private static final Pattern SECRET_LINE = Pattern.compile("client_secret: (\\S+)");
    private TestDatabase db;
    private Services services;

    @BeforeAll
    void open() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        services = Services.open(ConfigLoader.load(db.settings(), Map.of(), Optional.empty()), "http://127.0.0.1:8080",
                Clock.systemUTC());
        services.database.migrate();
    }

    @AfterAll
    void close() {
        if (services != null) {
            services.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** {@code tokenbooth client <args> --data <this class's data folder>}. */
    private Cli.Result clientWithInput(String stdin, String... args) {
        List<String> all = new ArrayList<>();
        all.add("client");
        all.addAll(Arrays.asList(args));
        all.add("--data");
        all.add(db.dataDir().toString());
        return Cli.withInput(stdin, all.toArray(String[]::new));
    }

    private Cli.Result client(String... args) {
        return clientWithInput(null, args);
    }

    private static List<String> secrets(String out) {
        List<String> found = new ArrayList<>();
        Matcher m = SECRET_LINE.matcher(out);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private String storedSecretHash(String clientId) {
        return services.database.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select secret_hash from clients where client_id = ?")) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("row for " + clientId).isTrue();
                    return rs.getString(1);
                }
            }
        });
    }

    /** The client as stored, read past any cache. */
    private Optional<Client> stored(String clientId) {
        return new JdbcClientStore(services.database).find(clientId);
    }

    /** The row of {@code client list} whose first column is {@code clientId}, if any. */
    private static Optional<String> listRow(String listOutput, String clientId) {
        return listOutput.lines().filter(l -> l.split("\\s+")[0].equals(clientId)).findFirst();
    }

    @Test
    void addWithRedirectUriThenPrintsSecretOnceAndStoredHashMatchesIt() {
        Cli.Result add = client("add", "web", "--redirect-uri", "https://app.example.com/cb");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).contains("registered client web").contains("client_secret_basic");
        List<String> printed = secrets(add.out());
        assertThat(printed).as(add.out()).hasSize(1);
        String secret = printed.get(0);
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
        assertThat(add.out().split(Pattern.quote(secret), -1)).as("the secret appears exactly once").hasSize(2);
        assertThat(add.err()).doesNotContain(secret);
        assertThat(storedSecretHash("web")).isEqualTo(OpaqueTokens.hash(secret)).doesNotContain(secret);
        Client c = stored("web").orElseThrow();
        assertThat(c.redirectUris()).containsExactly("https://app.example.com/cb");
        assertThat(c.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat(ClientSecrets.matches(secret, c.secretHash().orElseThrow())).isTrue();
    }

    @Test
    void addPublicThenNoSecretPrintedAndAuthMethodNone() {
        Cli.Result add = client("add", "spa", "--public", "--redirect-uri", "https://spa.example.com/cb");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).contains("registered client spa").contains("none").doesNotContain("client_secret:");
        assertThat(secrets(add.out())).isEmpty();
        Client c = stored("spa").orElseThrow();
        assertThat(c.authMethod()).isEqualTo(AuthMethod.NONE);
        assertThat(c.secretHash()).isEmpty();
        assertThat(storedSecretHash("spa")).isNull();
    }

    @Test
    void addWithSecretStdinThenSecretReadAndNotPrinted() {
        String chosen = "a-secret-from-standard-input-0123456789";
        Cli.Result add = clientWithInput(chosen + "\n", "add", "stdin-client",
                "--redirect-uri", "https://stdin.example.com/cb", "--secret-stdin");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).contains("registered client stdin-client").doesNotContain("client_secret:").doesNotContain(chosen);
        assertThat(add.err()).doesNotContain(chosen);
        assertThat(storedSecretHash("stdin-client")).isEqualTo(OpaqueTokens.hash(chosen));
    }

    @Test
    void addWithSecretStdinShorterThan32ThenExit1AndNothingStored() {
        Cli.Result add = clientWithInput("too-short\n", "add", "short-secret", "--secret-stdin");
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).contains("error:").contains("at least 32 characters");
        assertThat(stored("short-secret")).isEmpty();
    }

    @Test
    void addWithSecretStdinAndEmptyInputThenExit1() {
        Cli.Result add = clientWithInput("", "add", "no-secret", "--secret-stdin");
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).contains("no secret on standard input");
        assertThat(stored("no-secret")).isEmpty();
    }

    @Test
    void addWithClientCredentialsGrantWithoutRedirectUrisThenRegisteredWithThatGrantOnly() {
        Cli.Result add = client("add", "svc", "--grant", "client_credentials");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(secrets(add.out())).hasSize(1);
        Client c = stored("svc").orElseThrow();
        assertThat(c.grantTypes()).containsExactly("client_credentials");
        assertThat(c.redirectUris()).isEmpty();
    }

    @Test
    void addWithInvalidRedirectUriThenExit1WithMessageOnStderrAndNothingStored() {
        Cli.Result add = client("add", "bad-redirect", "--redirect-uri", "http://app.example.com/cb");
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).contains("error: redirect URI 'http://app.example.com/cb'").contains("https");
        assertThat(add.out()).doesNotContain("registered").doesNotContain("client_secret:");
        assertThat(stored("bad-redirect")).isEmpty();
    }

    @Test
    void addWithAuthMethodNoneWithoutPublicFlagAndNoRedirectUriThenExit1NotAnUnauthenticatedServiceClient() {
        Cli.Result add = client("add", "none-no-redirect", "--auth-method", "none");
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).contains("redirect URI");
        assertThat(stored("none-no-redirect")).isEmpty();
    }

    @Test
    void addWithUnknownAuthMethodThenExit1NamingTheOption() {
        Cli.Result add = client("add", "weird-method", "--auth-method", "client_secret_jwt");
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).contains("--auth-method");
        assertThat(stored("weird-method")).isEmpty();
    }

    @Test
    void addWhenClientIdExistsThenExit1AndFirstSecretStillValid() {
        Cli.Result first = client("add", "dup", "--grant", "client_credentials");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String secret = secrets(first.out()).get(0);
        Cli.Result again = client("add", "dup", "--grant", "client_credentials");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(secrets(again.out())).isEmpty();
        assertThat(storedSecretHash("dup")).isEqualTo(OpaqueTokens.hash(secret));
    }

    @Test
    void listThenShowsEachClientWithAuthMethodGrantsAndRedirectUris() {
        assertThat(client("add", "list-a", "--redirect-uri", "https://a.example.com/cb").exitCode()).isZero();
        assertThat(client("add", "list-b", "--public", "--redirect-uri", "http://127.0.0.1/cb").exitCode()).isZero();
        Cli.Result list = client("list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow()).contains("CLIENT_ID").contains("AUTH").contains("GRANTS");
        String a = listRow(list.out(), "list-a").orElseThrow(() -> new AssertionError(list.out()));
        assertThat(a).contains("client_secret_basic").contains("authorization_code").contains("refresh_token")
                .contains("https://a.example.com/cb");
        String b = listRow(list.out(), "list-b").orElseThrow(() -> new AssertionError(list.out()));
        assertThat(b).contains("none").contains("http://127.0.0.1/cb");
        assertThat(list.out()).doesNotContain(stored("list-a").orElseThrow().secretHash().orElseThrow());
        assertThat(list.out().indexOf("list-a")).isLessThan(list.out().indexOf("list-b"));
    }

    @Test
    void rotateSecretThenPrintsNewSecretThatMatchesAndOldNoLongerMatches() {
        Cli.Result add = client("add", "rot", "--redirect-uri", "https://rot.example.com/cb");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        String old = secrets(add.out()).get(0);

        Cli.Result rotate = client("rotate-secret", "rot");
        assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
        List<String> printed = secrets(rotate.out());
        assertThat(printed).hasSize(1);
        String fresh = printed.get(0);
        assertThat(fresh).isNotEqualTo(old).hasSizeGreaterThanOrEqualTo(43);
        String hash = stored("rot").orElseThrow().secretHash().orElseThrow();
        assertThat(ClientSecrets.matches(fresh, hash)).isTrue();
        assertThat(ClientSecrets.matches(old, hash)).isFalse();
    }

    @Test
    void rotateSecretWithSecretStdinThenNotPrintedAndStored() {
        assertThat(client("add", "rot-stdin", "--grant", "client_credentials").exitCode()).isZero();
        String chosen = "rotated-secret-from-stdin-0123456789abcdef";
        Cli.Result rotate = clientWithInput(chosen + "\n", "rotate-secret", "rot-stdin", "--secret-stdin");
        assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
        assertThat(rotate.out()).doesNotContain(chosen).doesNotContain("client_secret:");
        assertThat(storedSecretHash("rot-stdin")).isEqualTo(OpaqueTokens.hash(chosen));
    }

    @Test
    void rotateSecretWhenPublicClientThenExit1AndStillNoSecret() {
        assertThat(client("add", "rot-public", "--public", "--redirect-uri", "https://p.example.com/cb").exitCode()).isZero();
        Cli.Result rotate = client("rotate-secret", "rot-public");
        assertThat(rotate.exitCode()).as(rotate.toString()).isEqualTo(1);
        assertThat(rotate.err()).contains("does not use a secret");
        assertThat(secrets(rotate.out())).isEmpty();
        assertThat(storedSecretHash("rot-public")).isNull();
    }

    @Test
    void rotateSecretWhenUnknownClientThenExit1() {
        Cli.Result rotate = client("rotate-secret", "no-such-client");
        assertThat(rotate.exitCode()).as(rotate.toString()).isEqualTo(1);
        assertThat(rotate.err()).contains("no such client").contains("no-such-client");
    }

    @Test
    void removeThenListNoLongerShowsTheClient() {
        assertThat(client("add", "gone", "--grant", "client_credentials").exitCode()).isZero();
        assertThat(listRow(client("list").out(), "gone")).isPresent();
        Cli.Result remove = client("remove", "gone");
        assertThat(remove.exitCode()).as(remove.toString()).isZero();
        assertThat(remove.out()).contains("removed client gone");
        Cli.Result list = client("list");
        assertThat(list.exitCode()).isZero();
        assertThat(listRow(list.out(), "gone")).isEmpty();
        assertThat(stored("gone")).isEmpty();
    }

    @Test
    void removeWhenUnknownClientThenExit1WithMessage() {
        Cli.Result remove = client("remove", "nope");
        assertThat(remove.exitCode()).as(remove.toString()).isEqualTo(1);
        assertThat(remove.err()).contains("no such client: nope");
        assertThat(remove.out()).doesNotContain("removed");
    }

    @Test
    void addHelpThenDocumentsEveryOption() {
        Cli.Result help = Cli.run("client", "add", "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        List<String> expected = List.of("--name", "--public", "--redirect-uri", "--post-logout-redirect-uri", "--grant",
                "--scope", "--audience", "--web-origin", "--first-party", "--auth-method", "--jwks-file",
                "--secret-stdin", "--access-token-ttl", "--data", "--db", "--config", "--help", "CLIENT_ID");
        for (String option : expected) {
            assertThat(help.out()).as("help mentions " + option).contains(option);
        }
        // And nothing declared is left undocumented: every option of the command has a description in the help.
        CommandLine add = TokenboothCli.commandLine().getSubcommands().get("client").getSubcommands().get("add");
        for (OptionSpec o : add.getCommandSpec().options()) {
            assertThat(help.out()).as("help mentions " + o.longestName()).contains(o.longestName());
            assertThat(String.join(" ", o.description())).as("description of " + o.longestName()).isNotBlank();
        }
    }

    @Test
    void addWithUnknownOptionThenUsageErrorExit2() {
        Cli.Result add = client("add", "typo", "--redirect-url", "https://app.example.com/cb");
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(2);
        assertThat(add.err()).contains("--redirect-url");
        assertThat(stored("typo")).isEmpty();
    }

    @Test
    void addWhileServerRunsOnSameDataDirThenServerSeesClient() {
        try (TestDatabase shared = TestDatabase.create(TestDatabase.Kind.H2);
             TestServer server = TestServer.builder(shared).start()) {
            Cli.Result add = Cli.run("client", "add", "live", "--redirect-uri", "https://live.example.com/cb",
                    "--data", shared.dataDir().toString());
            assertThat(add.exitCode()).as(add.toString()).isZero();
            String secret = secrets(add.out()).get(0);
            Client seen = server.tokenbooth().services().clients.find("live").orElseThrow();
            assertThat(seen.redirectUris()).containsExactly("https://live.example.com/cb");
            assertThat(ClientSecrets.matches(secret, seen.secretHash().orElseThrow())).isTrue();
            // The server keeps serving after the CLI closed its pool.
            assertThat(server.get("/health/ready").status()).isEqualTo(200);
            // (Removal and rotation by the CLI reach a running server only after its per-node client cache expires,
            // so they are not asserted here.)
        }
    }

    @Test
    void addFromAnotherJvmWhileServerRunsOnSameDataDirThenServerSeesClient() throws Exception {
        // A real second process, as an operator runs it: H2 AUTO_SERVER lets it reach the database the server holds.
        try (TestDatabase shared = TestDatabase.create(TestDatabase.Kind.H2);
             TestServer server = TestServer.builder(shared).start()) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    TokenboothCli.class.getName(), "client", "add", "remote", "--grant", "client_credentials",
                    "--data", shared.dataDir().toString())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            String secret = secrets(output).get(0);
            Client seen = server.tokenbooth().services().clients.find("remote").orElseThrow();
            assertThat(seen.grantTypes()).containsExactly("client_credentials");
            assertThat(ClientSecrets.matches(secret, seen.secretHash().orElseThrow())).isTrue();
            assertThat(server.get("/health/ready").status()).isEqualTo(200);
        }
    }
}
