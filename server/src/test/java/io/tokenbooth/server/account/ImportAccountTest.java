package io.tokenbooth.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.cli.Cli;
import io.tokenbooth.server.testing.RunningServer;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Users imported with another system's hash log in with their old password, and get an Argon2id hash then. */
class ImportAccountTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private String storedHash(String username) {
        return app.server().tokenbooth().services().accounts.find(username).orElseThrow().passwordHash().orElseThrow();
    }

    @Test
    void importWhenBcryptHashThenOldPasswordLogsInAndHashBecomesArgon2id() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String bcrypt = OpenBSDBCrypt.generate("2b", "legacy pass phrase".toCharArray(), salt, 6);
        Cli.Result add = Cli.run("user", "add", "dave", "--password-hash", bcrypt,
                "--data", app.db().dataDir().toString());
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(storedHash("dave")).isEqualTo(bcrypt);

        assertThat(app.server().login("dave", "wrong pass phrase").status()).isEqualTo(400);
        assertThat(app.server().login("dave", "legacy pass phrase").status()).isEqualTo(200);
        assertThat(storedHash("dave")).startsWith("$argon2id$v=19$");
        assertThat(app.server().login("dave", "legacy pass phrase").status()).isEqualTo(200);
    }

    @Test
    void importWhenHashUnrecognisedThenExit1AndNoAccount() {
        Cli.Result add = Cli.run("user", "add", "erin", "--password-hash", "md5:5f4dcc3b5aa765d61d8327deb882cf99",
                "--data", app.db().dataDir().toString());
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).contains("not a supported");
        assertThat(app.server().tokenbooth().services().accounts.find("erin")).isEmpty();
    }
}
