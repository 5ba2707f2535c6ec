package io.tokenbooth.server.keys;

import io.tokenbooth.server.config.ConfigException;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.storage.DataDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that encrypts private signing keys at rest: AES-256-GCM with a random 96-bit nonce per value and the key id
 * as associated data, so an encrypted key cannot be swapped onto another row. Thread-safe.
 */
public final class MasterKey {
    private static final String PREFIX = "v1.";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKey key;

    MasterKey(byte[] raw) {
        if (raw.length != 32) {
            throw new ConfigException("invalid value for 'master-key': must be base64 of exactly 32 bytes, got " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /**
     * The configured master key; for the embedded database without one, the key in {@code <data>/master.key},
     * generated (mode 0600) on first use. A shared database requires an explicit key so that every node has the same.
     */
    public static MasterKey load(TokenboothConfig.Database settings) {
        if (settings.masterKey().isPresent()) {
            return new MasterKey(decode(settings.masterKey().get()));
        }
        if (!settings.embedded()) {
            throw new ConfigException("'master-key' (TOKENBOOTH_MASTER_KEY) is required when 'db' points at a shared "
                    + "database: set it to the same base64 32-byte value on every node (e.g. openssl rand -base64 32)");
        }
        return new MasterKey(readOrCreate(settings.dataDir().resolve("master.key")));
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value for 'master-key': not base64");
        }
    }

    private static byte[] readOrCreate(Path file) {
        try {
            DataDirectory.prepare(file.getParent());
            if (!Files.exists(file)) {
                byte[] raw = new byte[32];
                RANDOM.nextBytes(raw);
                if (publish(file, Base64.getEncoder().encodeToString(raw) + "\n")) {
                    return raw;
                }
                // Another process created it first; read theirs.
            }
            // The configured value is checked by ConfigLoader, which names its source; this one came from the file.
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(Files.readString(file).trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid master key file " + file + ": not base64");
            }
            if (raw.length != 32) {
                throw new ConfigException("invalid master key file " + file + ": must be base64 of exactly 32 bytes, got "
                        + raw.length);
            }
            return raw;
        } catch (IOException e) {
            throw new ConfigException("cannot read or create the master key file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Creates {@code file} (owner-only) with {@code content} unless it exists; false if another process won. The
     * content is written to a temporary file first and then hard-linked into place, so a process starting at the same
     * moment (the server and a CLI command on a fresh data folder) never reads a file that is still empty.
     */
    private static boolean publish(Path file, String content) throws IOException {
        Path tmp;
        try {
            tmp = Files.createTempFile(file.getParent(), ".master.key.", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException noPosix) {
            tmp = Files.createTempFile(file.getParent(), ".master.key.", ".tmp");
        }
        try {
            Files.writeString(tmp, content);
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                throw raced;
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
                Files.move(tmp, file); // fails with FileAlreadyExistsException rather than replace
            }
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A key for another use, derived so that no two uses share key material: HKDF-Expand (RFC 5869 §2.3) with the
     * master key as the pseudorandom key and {@code purpose} as the info, one block of HMAC-SHA256.
     */
    public SecretKey derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            return new SecretKeySpec(mac.doFinal(), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    public String encrypt(String plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** @throws KeyDecryptionException when the value was sealed under another master key or tampered with */
    public String decrypt(String sealed, String associatedData) {
        if (!sealed.startsWith(PREFIX)) {
            throw new KeyDecryptionException("unknown encryption format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyDecryptionException("a private signing key cannot be decrypted with this master key");
        }
    }

    /** A stored private key does not open with the configured master key. */
    public static final class KeyDecryptionException extends RuntimeException {
        public KeyDecryptionException(String message) {
            super(message);
        }
    }
}
