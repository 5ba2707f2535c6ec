package io.tokenbooth.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.config.ConfigException;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key: where it comes from, how it is stored, and that AES-GCM refuses the wrong key or altered data. */
class MasterKeyTest {
    private static final String PRIVATE_JWK = "{\"kty\":\"EC\",\"d\":\"secret-part\"}";

    @TempDir
    Path dir;

    private static TokenboothConfig.Database settings(Map<String, String> flags) {
        return ConfigLoader.load(flags, Map.of(), Optional.empty()).database();
    }

    private static String base64(int bytes, int fill) {
        byte[] raw = new byte[bytes];
        java.util.Arrays.fill(raw, (byte) fill);
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void loadWhenSharedDatabaseWithoutMasterKeyThenErrorNamesVariable() {
        TokenboothConfig.Database db = settings(Map.of("db", "jdbc:postgresql://127.0.0.1:5432/tb", "data", dir.toString()));
        assertThatThrownBy(() -> MasterKey.load(db))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TOKENBOOTH_MASTER_KEY");
        // Nothing is generated for a shared database: every node must be given the same key.
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void loadWhenSharedDatabaseWithMasterKeyThenUsesIt() {
        String key = base64(32, 7);
        MasterKey a = MasterKey.load(settings(Map.of("db", "jdbc:postgresql://127.0.0.1:5432/tb", "master-key", key)));
        MasterKey b = new MasterKey(Base64.getDecoder().decode(key));
        assertThat(b.decrypt(a.encrypt(PRIVATE_JWK, "kid-1"), "kid-1")).isEqualTo(PRIVATE_JWK);
    }

    @Test
    void loadWhenEmbeddedWithoutKeyThenGeneratesOwnerOnlyFileAndReusesIt() throws IOException {
        Path data = dir.resolve("data");
        TokenboothConfig.Database db = settings(Map.of("data", data.toString()));
        MasterKey first = MasterKey.load(db);
        Path file = data.resolve("master.key");
        assertThat(file).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
        String before = Files.readString(file);

        MasterKey second = MasterKey.load(db);
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(second.decrypt(first.encrypt(PRIVATE_JWK, "kid-1"), "kid-1")).isEqualTo(PRIVATE_JWK);
        assertThat(first.decrypt(second.encrypt(PRIVATE_JWK, "kid-2"), "kid-2")).isEqualTo(PRIVATE_JWK);
    }

    @Test
    void loadWhenProcessesStartTogetherOnFreshDataFolderThenAllGetTheSameKey() throws Exception {
        // The server and a CLI command started at once on a new data folder both generate the master key; the
        // loser must read the winner's complete file, never an empty one.
        for (int round = 0; round < 40; round++) {
            TokenboothConfig.Database db = settings(Map.of("data", dir.resolve("race" + round).toString()));
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<MasterKey>> loads = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    loads.add(pool.submit(() -> {
                        go.await();
                        return MasterKey.load(db);
                    }));
                }
                go.countDown();
                String sealed = null;
                for (var load : loads) {
                    MasterKey key = load.get();
                    if (sealed == null) {
                        sealed = key.encrypt(PRIVATE_JWK, "kid-1");
                    }
                    assertThat(key.decrypt(sealed, "kid-1")).as("round %d", round).isEqualTo(PRIVATE_JWK);
                }
            }
            try (var files = Files.list(dir.resolve("race" + round))) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("master.key");
            }
        }
    }

    @Test
    void loadWhenTwoDataFoldersThenDifferentKeys() {
        MasterKey a = MasterKey.load(settings(Map.of("data", dir.resolve("a").toString())));
        MasterKey b = MasterKey.load(settings(Map.of("data", dir.resolve("b").toString())));
        String sealed = a.encrypt(PRIVATE_JWK, "kid-1");
        assertThatThrownBy(() -> b.decrypt(sealed, "kid-1")).isInstanceOf(MasterKey.KeyDecryptionException.class);
    }

    @Test
    void loadWhenConfiguredKeyHasWrongLengthThenConfigException() {
        Map<String, String> flags = new HashMap<>(Map.of("master-key", base64(16, 1), "data", dir.toString()));
        assertThatThrownBy(() -> MasterKey.load(settings(flags)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("master-key")
                .hasMessageContaining("(from command-line option)")
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new MasterKey(new byte[33])).isInstanceOf(ConfigException.class);
    }

    @Test
    void loadWhenKeyFromEnvironmentIsBadThenErrorNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("data", dir.toString()),
                Map.of("TOKENBOOTH_MASTER_KEY", base64(16, 2)), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("(from environment variable TOKENBOOTH_MASTER_KEY)")
                .hasMessageContaining("32 bytes");
    }

    @Test
    void loadWhenConfiguredKeyNotBase64ThenConfigException() {
        assertThatThrownBy(() -> MasterKey.load(settings(Map.of("master-key", "not base64 at all!", "data", dir.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("master-key");
    }

    @Test
    void loadWhenKeyFileHasWrongLengthThenConfigException() throws IOException {
        Files.writeString(dir.resolve("master.key"), base64(31, 3) + "\n");
        assertThatThrownBy(() -> MasterKey.load(settings(Map.of("data", dir.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("master key file " + dir.resolve("master.key"))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void encryptWhenSameInputTwiceThenDifferentCiphertextsWithoutPlaintext() {
        MasterKey key = new MasterKey(new byte[32]);
        String a = key.encrypt(PRIVATE_JWK, "kid-1");
        String b = key.encrypt(PRIVATE_JWK, "kid-1");
        assertThat(a).isNotEqualTo(b).doesNotContain("secret-part");
        assertThat(key.decrypt(a, "kid-1")).isEqualTo(PRIVATE_JWK);
        assertThat(key.decrypt(b, "kid-1")).isEqualTo(PRIVATE_JWK);
    }

    @Test
    void decryptWhenOtherMasterKeyThenKeyDecryptionException() {
        String sealed = new MasterKey(Base64.getDecoder().decode(base64(32, 1))).encrypt(PRIVATE_JWK, "kid-1");
        MasterKey other = new MasterKey(Base64.getDecoder().decode(base64(32, 2)));
        assertThatThrownBy(() -> other.decrypt(sealed, "kid-1")).isInstanceOf(MasterKey.KeyDecryptionException.class);
    }

    @Test
    void decryptWhenCiphertextTamperedThenKeyDecryptionException() {
        MasterKey key = new MasterKey(new byte[32]);
        String sealed = key.encrypt(PRIVATE_JWK, "kid-1");
        String prefix = sealed.substring(0, sealed.indexOf('.') + 1);
        byte[] body = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        for (int position : new int[] {0, 12, body.length - 1}) { // nonce, ciphertext, tag
            byte[] altered = body.clone();
            altered[position] ^= 0x01;
            String tampered = prefix + Base64.getEncoder().encodeToString(altered);
            assertThatThrownBy(() -> key.decrypt(tampered, "kid-1"))
                    .as("byte %d flipped", position)
                    .isInstanceOf(MasterKey.KeyDecryptionException.class);
        }
        String truncated = prefix + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(body, 8));
        assertThatThrownBy(() -> key.decrypt(truncated, "kid-1")).isInstanceOf(MasterKey.KeyDecryptionException.class);
        assertThatThrownBy(() -> key.decrypt("v0." + sealed.substring(prefix.length()), "kid-1"))
                .isInstanceOf(MasterKey.KeyDecryptionException.class);
    }

    @Test
    void decryptWhenAssociatedKidSwappedThenKeyDecryptionException() {
        MasterKey key = new MasterKey(new byte[32]);
        String sealed = key.encrypt(PRIVATE_JWK, "kid-1");
        assertThatThrownBy(() -> key.decrypt(sealed, "kid-2")).isInstanceOf(MasterKey.KeyDecryptionException.class);
        assertThat(key.decrypt(sealed, "kid-1")).isEqualTo(PRIVATE_JWK);
    }
}
