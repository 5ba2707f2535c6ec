package io.tokenbooth.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.account.Username;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts imported with bcrypt or PBKDF2 hashes log in, and their hash becomes Argon2id on that login. */
class LegacyHashUpgradeTest {
    private static final String PASSWORD = "imported passphrase 2019";
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private Database database() {
        return app.server().tokenbooth().services().database;
    }

    private void insertAccount(String name, String passwordHash) {
        Username username = new UsernamePolicy().validate(name);
        Instant now = app.server().clock.instant().minusSeconds(86_400 * 365);
        database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into accounts (id, username, username_key, username_skeleton, password_hash, disabled, "
                            + "created_at, updated_at) values (?, ?, ?, ?, ?, false, ?, ?)")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, username.display());
                ps.setString(3, username.key());
                ps.setString(4, username.skeleton());
                ps.setString(5, passwordHash);
                Sql.setInstant(ps, 6, now);
                Sql.setInstant(ps, 7, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private String storedHash(String name) {
        return database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select password_hash from accounts where username_key = ?")) {
                ps.setString(1, UsernamePolicy.key(name));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return rs.getString(1);
                }
            }
        });
    }

    private static String bcrypt(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, 10);
    }

    private static String pbkdf2(String password, int iterations) throws Exception {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$pbkdf2-sha256$i=" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private void assertLoginUpgradesHash(String name, String legacyHash) {
        insertAccount(name, legacyHash);
        assertThat(storedHash(name)).isEqualTo(legacyHash);

        // A wrong password neither logs in nor touches the stored hash.
        assertThat(app.server().login(name, PASSWORD + "x").status()).isEqualTo(400);
        assertThat(storedHash(name)).isEqualTo(legacyHash);

        TestServer.Response first = app.server().login(name, PASSWORD);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String upgraded = storedHash(name);
        assertThat(upgraded).startsWith("$argon2id$v=19$").isNotEqualTo(legacyHash);
        assertThat(app.server().get("/api/v1/me", "Authorization", "Bearer " + first.text("access_token"))
                .text("username")).isEqualTo(name);

        TestServer.Response second = app.server().login(name, PASSWORD);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        // Already current: not rehashed again.
        assertThat(storedHash(name)).isEqualTo(upgraded);
        assertThat(app.server().login(name, PASSWORD + "x").status()).isEqualTo(400);
    }

    @Test
    void loginWhenBcryptHashThenSucceedsAndHashUpgradedToArgon2id() {
        String hash = bcrypt(PASSWORD);
        assertThat(hash).startsWith("$2b$10$");
        assertLoginUpgradesHash("legacy_bcrypt", hash);
    }

    @Test
    void loginWhenPbkdf2HashThenSucceedsAndHashUpgradedToArgon2id() throws Exception {
        String hash = pbkdf2(PASSWORD, 10_000);
        assertLoginUpgradesHash("legacy_pbkdf2", hash);
    }

    @Test
    void loginWhenBcryptHashOfOtherPasswordThenRefused() {
        insertAccount("legacy_other", bcrypt("some other passphrase"));
        assertThat(app.server().login("legacy_other", PASSWORD).status()).isEqualTo(400);
        assertThat(storedHash("legacy_other")).startsWith("$2b$");
    }
}
