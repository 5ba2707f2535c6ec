package io.tokenbooth.server.http;

import io.javalin.http.Context;

/** Response headers every answer carries: no sniffing, no framing, no referrer, HSTS when the issuer is https. */
public final class SecurityHeaders {
    private final boolean https;

    public SecurityHeaders(String issuer) {
        this.https = issuer.startsWith("https://");
    }

    public void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        ctx.header("Cross-Origin-Resource-Policy", "cross-origin");
        if (https) {
            ctx.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }
}
