package io.tokenbooth.server.token.refresh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The successor of a refresh token: base64url(HMAC-SHA256(key, token)), 256 bits like a random token. Deterministic,
 * so that every request presenting the same token — racing on two nodes, or retrying after a lost response — names
 * the same successor without the token itself ever being stored; unpredictable without the key, which is derived
 * from the master key and shared by every node. Thread-safe.
 */
public final class SuccessorTokens {
    /** The HKDF info under which the key is derived from the master key; a new label gives unrelated successors. */
    public static final String KEY_PURPOSE = "tokenbooth refresh-token successor v1";

    private final SecretKey key;

    public SuccessorTokens(SecretKey key) {
        this.key = key;
    }

    public String of(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
