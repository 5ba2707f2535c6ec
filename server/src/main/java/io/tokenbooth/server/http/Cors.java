package io.tokenbooth.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;

/**
 * CORS for browser apps on other origins (Fetch standard): only origins on the configured allow-list get
 * {@code Access-Control-Allow-Origin}, echoed exactly, never {@code *}; credentials are never allowed (the API uses
 * bearer tokens, not cookies). Every answer carries {@code Vary: Origin}.
 */
public final class Cors {
    private static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type";
    private final Set<String> origins;

    public Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /** Before every request: marks allowed origins, and answers preflights in full. */
    public void apply(Context ctx) {
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        boolean allowed = origin != null && origins.contains(origin);
        if (allowed) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After");
        }
        if (ctx.method() == HandlerType.OPTIONS && ctx.header("Access-Control-Request-Method") != null) {
            if (allowed) {
                ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
                ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                ctx.header("Access-Control-Max-Age", "600");
                ctx.status(204);
            } else {
                ctx.status(403);
            }
            ctx.skipRemainingHandlers();
        }
    }
}
