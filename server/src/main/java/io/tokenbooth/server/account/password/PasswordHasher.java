package io.tokenbooth.server.account.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes passwords with Argon2id (RFC 9106) and verifies stored hashes.
 *
 * <p>New hashes are Argon2id, version 0x13, with a 16-byte random salt and a 32-byte tag, written in the PHC string
 * format (https://github.com/P-H-C/phc-string-format/blob/master/phc-sf-spec.md) as the reference implementation and
 * Spring Security write it: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>} (standard base64, no padding). The
 * defaults are the OWASP Password Storage Cheat Sheet's Argon2id minimum: 19 MiB, 2 passes, 1 lane.
 *
 * <p>{@link #verify} also accepts hashes imported from other systems: Argon2id/Argon2i/Argon2d PHC strings with their
 * own parameters, bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}; bcrypt ignores everything after the first 72 bytes
 * of the password, which is inherent to such hashes) and PBKDF2 (RFC 8018) as {@code $pbkdf2-sha256$i=<n>$<salt>$<hash>}
 * or {@code $pbkdf2-sha512$...}. Use {@link #needsRehash} after a successful login to upgrade them.
 *
 * <p>Passwords are hashed as the UTF-8 bytes of the string exactly as given: no trimming, normalisation or truncation.
 * Stored strings are treated as untrusted: malformed or unknown encodings, and parameters beyond fixed limits (Argon2
 * m &gt; 4 GiB or more than half the maximum heap, t &gt; 100, p &gt; 16, salt or hash outside 8..128 bytes; PBKDF2
 * more than 10,000,000 iterations; bcrypt cost &gt; 16), do not verify, so a poisoned row cannot exhaust the server.
 *
 * <p>Thread safety: immutable and safe for concurrent use; every computation uses its own generator. The work is
 * CPU- and memory-bound, so run it through a {@link HashingBulkhead}. Not final only so that a test can count the
 * verifications a login performs (a subclass that observes {@link #verify}); there is nothing to extend.
 */
public class PasswordHasher {
    /** OWASP Password Storage Cheat Sheet, Argon2id: m=19456 (19 MiB). */
    public static final int DEFAULT_MEMORY_KIB = 19_456;
    /** OWASP Password Storage Cheat Sheet, Argon2id: t=2. */
    public static final int DEFAULT_ITERATIONS = 2;
    /** OWASP Password Storage Cheat Sheet, Argon2id: p=1. */
    public static final int DEFAULT_PARALLELISM = 1;

    private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SALT_BYTES = 16; // RFC 9106 §3.1 recommends 128 bits
    private static final int TAG_BYTES = 32;
    /** Longer than any string within the limits (two 128-byte B64 fields are 342 characters). */
    private static final int MAX_ENCODED_LENGTH = 512;
    /** Arbitrary fixed salt and tag of the dummy hash; no password is expected to produce this tag. */
    private static final byte[] DUMMY_SALT = "tokenbooth-dummy".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUMMY_TAG = "tokenbooth-dummy-argon2id-tag-32".getBytes(StandardCharsets.US_ASCII);

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final String dummyHash;

    /** Uses the OWASP defaults: m=19456 KiB, t=2, p=1. */
    public PasswordHasher() {
        this(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
    }

    /**
     * @param argon2MemoryKib memory in KiB, at least 8 per lane (RFC 9106 §3.1) and at most 4 GiB
     * @param argon2Iterations passes, 1..100
     * @param argon2Parallelism lanes, 1..16
     * @throws IllegalArgumentException if the parameters are out of range, as this hasher could not verify its own
     *     hashes then
     */
    public PasswordHasher(int argon2MemoryKib, int argon2Iterations, int argon2Parallelism) {
        if (argon2Parallelism < 1 || argon2Iterations < 1 || (long) argon2MemoryKib < 8L * argon2Parallelism) {
            throw new IllegalArgumentException("Argon2 parameters out of range: m=" + argon2MemoryKib + ", t="
                    + argon2Iterations + ", p=" + argon2Parallelism);
        }
        Argon2Hash dummy = new Argon2Hash(Argon2Hash.Type.ARGON2ID, Argon2Hash.VERSION_13, argon2MemoryKib,
                argon2Iterations, argon2Parallelism, DUMMY_SALT, DUMMY_TAG);
        if (!dummy.withinLimits()) {
            throw new IllegalArgumentException("Argon2 parameters exceed the verification limits (m <= "
                    + Argon2Hash.MAX_MEMORY_KIB + ", t <= " + Argon2Hash.MAX_ITERATIONS + ", p <= "
                    + Argon2Hash.MAX_PARALLELISM + ")");
        }
        this.memoryKib = argon2MemoryKib;
        this.iterations = argon2Iterations;
        this.parallelism = argon2Parallelism;
        this.dummyHash = dummy.encode();
    }

    /** Argon2id PHC string for {@code password} with a fresh random salt. */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            return Argon2Hash.derive(Argon2Hash.Type.ARGON2ID, memoryKib, iterations, parallelism, salt, secret,
                    TAG_BYTES).encode();
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Whether {@code password} matches {@code encoded} (Argon2, bcrypt or PBKDF2, see the class comment). Never throws:
     * a {@code null} argument, a malformed or unknown encoding, or parameters beyond the limits give {@code false}.
     */
    public boolean verify(String password, String encoded) {
        if (password == null || encoded == null || encoded.length() > MAX_ENCODED_LENGTH) {
            return false;
        }
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            if (encoded.startsWith("$argon2")) {
                return Argon2Hash.parse(encoded).filter(PasswordHasher::verifiable).map(h -> h.matches(secret))
                        .orElse(false);
            }
            if (encoded.startsWith("$2")) {
                return BcryptHash.parse(encoded).filter(h -> withinLimits(h.withinLimits(), "bcrypt cost " + h.cost()))
                        .map(h -> h.matches(secret)).orElse(false);
            }
            if (encoded.startsWith("$pbkdf2-")) {
                return Pbkdf2Hash.parse(encoded)
                        .filter(h -> withinLimits(h.withinLimits(), "PBKDF2 i=" + h.iterations() + ", salt "
                                + h.salt().length + " bytes, hash " + h.hash().length + " bytes"))
                        .map(h -> h.matches(password)).orElse(false);
            }
            return false;
        } catch (RuntimeException e) {
            LOG.debug("Stored password hash could not be verified", e);
            return false;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Whether {@code encoded} is a well-formed hash this class can verify, within its limits: Argon2 (PHC), bcrypt
     * ({@code $2a$}, {@code $2b$}, {@code $2y$}) or PBKDF2 ({@code $pbkdf2-sha256$}, {@code $pbkdf2-sha512$}). Used to
     * accept imported hashes.
     */
    public boolean recognizes(String encoded) {
        if (encoded == null || encoded.length() > MAX_ENCODED_LENGTH) {
            return false;
        }
        if (encoded.startsWith("$argon2")) {
            return Argon2Hash.parse(encoded).filter(PasswordHasher::verifiable).isPresent();
        }
        if (encoded.startsWith("$2")) {
            return BcryptHash.parse(encoded).filter(h -> h.withinLimits()).isPresent();
        }
        if (encoded.startsWith("$pbkdf2-")) {
            return Pbkdf2Hash.parse(encoded).filter(h -> h.withinLimits()).isPresent();
        }
        return false;
    }

    /**
     * Whether a hash that just verified should be replaced by {@link #hash}: true unless it is Argon2id version 0x13
     * with exactly this hasher's m, t and p (also true for malformed or {@code null} input).
     */
    public boolean needsRehash(String encoded) {
        if (encoded == null || encoded.length() > MAX_ENCODED_LENGTH) {
            return true;
        }
        Optional<Argon2Hash> parsed = Argon2Hash.parse(encoded);
        return parsed.isEmpty() || !isCurrent(parsed.get());
    }

    /**
     * Runs one Argon2id verification with this hasher's parameters against a fixed dummy hash and discards the result,
     * so that a login for an unknown user costs as much as a wrong password (OWASP Authentication Cheat Sheet,
     * "Authentication and Error Messages").
     */
    public void dummyVerify(String password) {
        verify(password == null ? "" : password, dummyHash);
    }

    /** The dummy hash {@link #dummyVerify} verifies against; visible for tests. */
    String dummyHash() {
        return dummyHash;
    }

    private boolean isCurrent(Argon2Hash hash) {
        return hash.type() == Argon2Hash.Type.ARGON2ID && hash.version() == Argon2Hash.VERSION_13
                && hash.memoryKib() == memoryKib && hash.iterations() == iterations
                && hash.parallelism() == parallelism;
    }

    private static boolean verifiable(Argon2Hash hash) {
        String parameters = hash.type() + " m=" + hash.memoryKib() + ", t=" + hash.iterations() + ", p="
                + hash.parallelism() + ", salt " + hash.salt().length + " bytes, tag " + hash.hash().length + " bytes";
        // BouncyCastle allocates m KiB on the heap; refuse what would likely end in an OutOfMemoryError.
        boolean fitsHeap = hash.memoryKib() * 1024L <= Runtime.getRuntime().maxMemory() / 2;
        return withinLimits(hash.withinLimits() && fitsHeap, parameters);
    }

    private static boolean withinLimits(boolean within, String parameters) {
        if (!within) {
            LOG.warn("Stored password hash exceeds the verification limits and is treated as not matching ({})",
                    parameters);
        }
        return within;
    }
}
