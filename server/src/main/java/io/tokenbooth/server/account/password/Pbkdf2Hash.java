package io.tokenbooth.server.account.password;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A PBKDF2 hash (RFC 8018 §5.2) in PHC string form, for importing existing hashes:
 * {@code $pbkdf2-sha256$i=<iterations>$<salt B64>$<hash B64>} or {@code $pbkdf2-sha512$...}, where the derived key
 * length is the length of the stored hash. Computed with the JDK's {@code PBKDF2WithHmacSHA256/512}, which feeds the
 * password to HMAC as UTF-8. Immutable (the arrays are never handed out); thread-safe.
 */
record Pbkdf2Hash(Prf prf, int iterations, byte[] salt, byte[] hash) {
    /** Limits for hashes read from storage, so that a poisoned row cannot exhaust CPU. */
    static final int MAX_ITERATIONS = 10_000_000;
    static final int MIN_BYTES = 8; // RFC 8018 §4.1: a salt of at least eight octets
    static final int MAX_BYTES = 128;

    private static final Pattern PHC =
            Pattern.compile("\\$pbkdf2-(sha256|sha512)\\$i=([0-9]{1,10})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    /** The pseudorandom function (RFC 8018 §5.2 "PRF"). */
    enum Prf {
        SHA256("PBKDF2WithHmacSHA256"),
        SHA512("PBKDF2WithHmacSHA512");

        private final String jcaName;

        Prf(String jcaName) {
            this.jcaName = jcaName;
        }
    }

    /** Empty unless {@code encoded} is a syntactically valid {@code $pbkdf2-sha256$} or {@code $pbkdf2-sha512$} string. */
    static Optional<Pbkdf2Hash> parse(String encoded) {
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        long iterations = Long.parseLong(m.group(2));
        Optional<byte[]> salt = PhcBase64.decode(m.group(3));
        Optional<byte[]> hash = PhcBase64.decode(m.group(4));
        if (iterations < 1 || iterations > Integer.MAX_VALUE || salt.isEmpty() || hash.isEmpty()) {
            return Optional.empty();
        }
        Prf prf = "sha256".equals(m.group(1)) ? Prf.SHA256 : Prf.SHA512;
        return Optional.of(new Pbkdf2Hash(prf, (int) iterations, salt.get(), hash.get()));
    }

    /** Iterations at most 10,000,000; salt and hash 8..128 bytes. */
    boolean withinLimits() {
        return iterations <= MAX_ITERATIONS && salt.length >= MIN_BYTES && salt.length <= MAX_BYTES
                && hash.length >= MIN_BYTES && hash.length <= MAX_BYTES;
    }

    /** Derives a key of the stored length from {@code password} and compares it in constant time. */
    boolean matches(String password) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, hash.length * 8);
        try {
            byte[] derived = SecretKeyFactory.getInstance(prf.jcaName).generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(derived, hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(prf.jcaName + " is unavailable or refused the input", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
