package io.tokenbooth.server.http;

import io.javalin.http.Context;

/** Response headers every answer carries: no sniffing, no framing, no referrer, HSTS when the issuer is https. */
public final class SecurityHeaders {
    private final boolean https;

    public SecurityHeaders(String issuer) {
        this.https = issuer.startsWith("https://");
    }

    /**
     * Before every handler, on a response with no headers yet: adds rather than sets, which spares Jetty a scan of
     * the response's headers for each one (issue 11 profiles). A page that needs other values sets them over these.
     */
    public void apply(Context ctx) {
        forEach(ctx.res()::addHeader);
    }

    /** Hands each header to {@code header}; also used for the errors Jetty answers before Javalin runs. */
    void forEach(java.util.function.BiConsumer<String, String> header) {
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("X-Frame-Options", "DENY");
        header.accept("Referrer-Policy", "no-referrer");
        header.accept("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        header.accept("Cross-Origin-Resource-Policy", "cross-origin");
        if (https) {
            header.accept("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }

    /**
     * For the HTML pages (sign-in, consent, logout) and the redirects that leave them: the pages' own CSP (which lets
     * their stylesheet in and, on purpose, has no {@code form-action}: Chrome applies it to the redirect after a form
     * POST), never framed, never cached (they carry CSRF tokens, codes in {@code Location}), no referrer, and not
     * readable by other origins (no CORS headers, {@code Cross-Origin-Resource-Policy: same-origin}).
     */
    public static void htmlPage(Context ctx, String contentSecurityPolicy) {
        ctx.header("Content-Security-Policy", contentSecurityPolicy);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.res().setHeader("Access-Control-Allow-Origin", null);
        ctx.res().setHeader("Access-Control-Expose-Headers", null);
    }
}
