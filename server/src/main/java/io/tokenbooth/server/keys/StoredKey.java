package io.tokenbooth.server.keys;

import java.time.Instant;

/** A signing key as stored: public JWK in the clear, private JWK sealed by the {@link MasterKey}. */
public record StoredKey(String kid, String alg, String publicJwk, String privateJwkSealed, Instant createdAt,
                        Instant activatesAt, Instant retiredAt) {
}
