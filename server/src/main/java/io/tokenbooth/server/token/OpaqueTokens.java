package io.tokenbooth.server.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random opaque tokens (256 bits, base64url) and the SHA-256 hashes under which they are stored. */
public final class OpaqueTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long RENEW_NANOS = 1_000_000_000L;
    private static volatile Prototype prototype;

    private OpaqueTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes. Lookups by this hash need no constant-time compare. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A fresh SHA-256 digest: a copy of a prototype where the provider can copy one (ACCP and the JDK can), which
     * spares the provider lookup of {@code getInstance} on every hash (issue 11 profiles: half of a client secret's
     * check). The prototype is renewed at most once a second, so that it follows the JCA's choice of provider: the
     * server installs ACCP on its own thread while it starts, possibly after the first hash.
     */
    private static MessageDigest sha256() {
        Prototype p = prototype;
        long now = System.nanoTime();
        if (p == null || now - p.madeAt() >= RENEW_NANOS) {
            p = new Prototype(newSha256(), now);
            prototype = p;
        }
        try {
            return (MessageDigest) p.digest().clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    /** Never fed, only copied: copying a digest that nothing updates is safe from any thread. */
    private record Prototype(MessageDigest digest, long madeAt) {
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
