package io.tokenbooth.server.client;

import io.tokenbooth.server.token.OpaqueTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Client secrets: generated with 256 random bits and stored as SHA-256 hashes. A slow password hash would add nothing
 * for secrets of that entropy and would cap the client_credentials grant; the comparison is constant-time.
 */
public final class ClientSecrets {
    /** Secrets set by an operator must be at least this long, so that SHA-256 at rest stays adequate. */
    public static final int MIN_LENGTH = 32;

    private ClientSecrets() {
    }

    public static String generate() {
        return OpaqueTokens.generate();
    }

    public static String hash(String secret) {
        return OpaqueTokens.hash(secret);
    }

    /** Constant-time comparison of {@code presented}'s hash with the stored hash. */
    public static boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null || presented.length() > 512) {
            return false;
        }
        return MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
