package io.tokenbooth.server.account.password;

import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An Argon2 hash (RFC 9106) in the PHC string format used by the reference implementation
 * (https://github.com/P-H-C/phc-winner-argon2, {@code src/encoding.c}):
 * {@code $argon2id$v=19$m=<memory KiB>,t=<passes>,p=<lanes>$<salt B64>$<tag B64>}. A missing {@code v=} means
 * version 0x10, as in the reference decoder. Immutable (the arrays are never handed out); thread-safe.
 *
 * @param salt not copied; callers must not modify it
 * @param hash the tag; not copied; callers must not modify it
 */
record Argon2Hash(Type type, int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    static final int VERSION_10 = Argon2Parameters.ARGON2_VERSION_10;
    static final int VERSION_13 = Argon2Parameters.ARGON2_VERSION_13;

    /** Limits for parameters read from storage, so that a poisoned row cannot exhaust memory or CPU. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024; // 4 GiB
    static final int MAX_ITERATIONS = 100;
    static final int MAX_PARALLELISM = 16;
    static final int MIN_BYTES = 8;
    static final int MAX_BYTES = 128;

    private static final Pattern PHC = Pattern.compile("\\$(argon2id|argon2i|argon2d)(?:\\$v=([0-9]{1,10}))?"
            + "\\$m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,10})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    /** RFC 9106 §3.1 "Type" y. */
    enum Type {
        ARGON2D("argon2d", Argon2Parameters.ARGON2_d),
        ARGON2I("argon2i", Argon2Parameters.ARGON2_i),
        ARGON2ID("argon2id", Argon2Parameters.ARGON2_id);

        private final String phcId;
        private final int bouncyCastleType;

        Type(String phcId, int bouncyCastleType) {
            this.phcId = phcId;
            this.bouncyCastleType = bouncyCastleType;
        }

        static Type ofPhcId(String id) {
            for (Type type : values()) {
                if (type.phcId.equals(id)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown Argon2 type " + id);
        }
    }

    /** Empty unless {@code encoded} is a syntactically valid Argon2 PHC string whose parameters fit RFC 9106 §3.1. */
    static Optional<Argon2Hash> parse(String encoded) {
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        long version = m.group(2) == null ? VERSION_10 : Long.parseLong(m.group(2));
        long memory = Long.parseLong(m.group(3));
        long iterations = Long.parseLong(m.group(4));
        long parallelism = Long.parseLong(m.group(5));
        if ((version != VERSION_10 && version != VERSION_13) || memory > Integer.MAX_VALUE
                || iterations < 1 || iterations > Integer.MAX_VALUE
                || parallelism < 1 || parallelism > Integer.MAX_VALUE
                || memory < 8 * parallelism) { // RFC 9106 §3.1: m >= 8p
            return Optional.empty();
        }
        Optional<byte[]> salt = PhcBase64.decode(m.group(6));
        Optional<byte[]> hash = PhcBase64.decode(m.group(7));
        if (salt.isEmpty() || hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Argon2Hash(Type.ofPhcId(m.group(1)), (int) version, (int) memory, (int) iterations,
                (int) parallelism, salt.get(), hash.get()));
    }

    /** Computes a new tag of {@code length} bytes for {@code password} and returns the resulting hash. */
    static Argon2Hash derive(Type type, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] password,
            int length) {
        byte[] tag = tag(type, VERSION_13, memoryKib, iterations, parallelism, salt, password, length);
        return new Argon2Hash(type, VERSION_13, memoryKib, iterations, parallelism, salt, tag);
    }

    /** Within the stored-hash limits above: m, t, p bounded, salt and tag 8..128 bytes. */
    boolean withinLimits() {
        return memoryKib <= MAX_MEMORY_KIB && iterations <= MAX_ITERATIONS && parallelism <= MAX_PARALLELISM
                && salt.length >= MIN_BYTES && salt.length <= MAX_BYTES
                && hash.length >= MIN_BYTES && hash.length <= MAX_BYTES;
    }

    /** Recomputes the tag for {@code password} and compares it in constant time. */
    boolean matches(byte[] password) {
        byte[] tag = tag(type, version, memoryKib, iterations, parallelism, salt, password, hash.length);
        return MessageDigest.isEqual(tag, hash);
    }

    String encode() {
        return "$" + type.phcId + "$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + PhcBase64.encode(salt) + "$" + PhcBase64.encode(hash);
    }

    /**
     * Argon2 memory blocks (1 KiB each) kept per thread between computations, so that hashing does not allocate ~19 MiB
     * of fresh blocks every time (which drove the heap, and the process's resident memory, to its maximum). The
     * hashing bulkhead's threads are few and long-lived; up to this many blocks (32 MiB) stay with each of them.
     */
    private static final int POOLED_BLOCKS_PER_THREAD = 32 * 1024;
    private static final ThreadLocal<Argon2BytesGenerator.FixedBlockPool> BLOCKS =
            ThreadLocal.withInitial(() -> new Argon2BytesGenerator.FixedBlockPool(POOLED_BLOCKS_PER_THREAD));

    /** RFC 9106 §3: the tag of {@code length} bytes for {@code password}. */
    private static byte[] tag(Type type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
            byte[] password, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(type.bouncyCastleType)
                .withVersion(version)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .withBlockPool(BLOCKS.get())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator(); // not thread-safe: one per computation
        generator.init(parameters);
        byte[] tag = new byte[length];
        generator.generateBytes(password, tag);
        return tag;
    }
}
