package io.tokenbooth.examples.wallet.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the browser app needs from its own origin: {@code /config.json} (the issuer, the app's client id, the
 * wallet's audience and where Tokenbooth returns the browser after logout, so the app needs no build step) and {@code /callback} (the redirect URI, which shows the app's
 * {@code index.html}; the app finishes the code exchange there). The other files are served from classpath
 * {@code /public}. Every answer carries the security headers of {@link #headers}.
 */
public final class AppPages {
    private final Map<String, String> config;
    private final Supplier<String> postLogoutRedirectUri;
    private final Map<String, String> headers;

    /** {@code postLogoutRedirectUri} is asked per request: its default names the port, known once listening. */
    public AppPages(String issuer, String clientId, String audience, Supplier<String> postLogoutRedirectUri) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("issuer", issuer);
        c.put("clientId", clientId);
        c.put("audience", audience);
        this.config = java.util.Collections.unmodifiableMap(c);
        this.postLogoutRedirectUri = postLogoutRedirectUri;
        this.headers = securityHeaders(issuer);
    }

    /**
     * The app's pages may load only their own scripts and styles and talk only to their own origin and the issuer
     * (token, revocation and discovery requests); never framed, no referrer (a code in the callback URL must not leak).
     */
    private static Map<String, String> securityHeaders(String issuer) {
        String origin = origin(issuer);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self' " + origin + "; form-action 'self' " + origin + "; base-uri 'none';"
                + " frame-ancestors 'none'");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        return Map.copyOf(h);
    }

    /** {@code scheme://host[:port]} of a URL (the issuer may have a path; CSP sources name origins). */
    static String origin(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    public Map<String, String> headers() {
        return headers;
    }

    public void applyHeaders(Context ctx) {
        headers.forEach(ctx::header);
    }

    public void config(Context ctx) {
        Map<String, String> c = new LinkedHashMap<>(config);
        c.put("postLogoutRedirectUri", postLogoutRedirectUri.get());
        Json.write(ctx, 200, c);
    }

    public void callback(Context ctx) throws IOException {
        try (InputStream in = AppPages.class.getResourceAsStream("/public/index.html")) {
            if (in == null) {
                throw Problem.of(404, "Not Found", "not_found", "the browser app is not installed");
            }
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("text/html; charset=utf-8");
            ctx.result(in.readAllBytes());
        }
    }
}
