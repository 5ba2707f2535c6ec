package io.tokenbooth.server.keys;

import io.tokenbooth.server.http.ConstantDocument;

/** {@code GET /.well-known/jwks.json}: the public signing keys (RFC 7517), never a private part. */
public final class JwksEndpoint {
    private final KeyService keys;

    public JwksEndpoint(KeyService keys) {
        this.keys = keys;
    }

    /**
     * The JWKS at {@code path}, read from the current key ring on every request, so a reload (rotation, another
     * node's change) is served from the next request on. Resource servers may cache for a minute; rotation publishes
     * new keys well before they sign (keys.activation-delay).
     */
    public ConstantDocument document(String path) {
        return new ConstantDocument(path, "application/jwk-set+json", "public, max-age=60",
                () -> keys.ring().jwksJsonShared());
    }
}
