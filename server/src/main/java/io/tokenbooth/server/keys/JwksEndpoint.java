package io.tokenbooth.server.keys;

import io.javalin.http.Context;
import io.tokenbooth.server.http.BodyWriter;

/** {@code GET /.well-known/jwks.json}: the public signing keys (RFC 7517), never a private part. */
public final class JwksEndpoint {
    private final KeyService keys;

    public JwksEndpoint(KeyService keys) {
        this.keys = keys;
    }

    public void handle(Context ctx) {
        // Resource servers may cache for a minute; rotation publishes new keys well before they sign (keys.activation-delay).
        ctx.header("Cache-Control", "public, max-age=60");
        BodyWriter.write(ctx, 200, "application/jwk-set+json", keys.ring().jwksJsonShared());
    }
}
