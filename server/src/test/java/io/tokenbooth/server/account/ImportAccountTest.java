package io.tokenbooth.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.cli.TokenboothCli;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Users imported with another system's hash log in with their old password, and get an Argon2id hash then. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportAccountTest {
    private TestDatabase db;
    private TestServer server;

    @BeforeAll
    void start() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        server = TestServer.builder(db).start();
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    private int cli(ByteArrayOutputStream err, String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return TokenboothCli.execute(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private String storedHash(String username) {
        return server.tokenbooth().services().accounts.find(username).orElseThrow().passwordHash();
    }

    @Test
    void importWhenBcryptHashThenOldPasswordLogsInAndHashBecomesArgon2id() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String bcrypt = OpenBSDBCrypt.generate("2b", "legacy pass phrase".toCharArray(), salt, 6);
        int code = cli(new ByteArrayOutputStream(), "user", "add", "dave", "--password-hash", bcrypt,
                "--data", db.dataDir().toString());
        assertThat(code).isZero();
        assertThat(storedHash("dave")).isEqualTo(bcrypt);

        assertThat(server.login("dave", "wrong pass phrase").status()).isEqualTo(400);
        assertThat(server.login("dave", "legacy pass phrase").status()).isEqualTo(200);
        assertThat(storedHash("dave")).startsWith("$argon2id$v=19$");
        assertThat(server.login("dave", "legacy pass phrase").status()).isEqualTo(200);
    }

    @Test
    void importWhenHashUnrecognisedThenExit1AndNoAccount() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = cli(err, "user", "add", "erin", "--password-hash", "md5:5f4dcc3b5aa765d61d8327deb882cf99",
                "--data", db.dataDir().toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a supported");
        assertThat(server.tokenbooth().services().accounts.find("erin")).isEmpty();
    }
}
