package io.tokenbooth.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * CORS for browser apps on other origins (Fetch standard): only origins on the configured allow-list get
 * {@code Access-Control-Allow-Origin}, echoed exactly, never {@code *}; credentials are never allowed (the API uses
 * bearer tokens, not cookies). Every answer carries {@code Vary: Origin}.
 *
 * <p>The OAuth endpoints browsers call (token, UserInfo, revocation, JWKS, discovery) also answer the web origins
 * registered by clients (checklist item 17), through {@code clientOrigins}. The authorization and end-session
 * endpoints never answer cross-origin reads, whatever the configuration: they are for top-level navigation only.
 */
public final class Cors {
    private static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type";
    static final String EXPOSED_HEADERS = "WWW-Authenticate, Retry-After";
    private static final List<String> NAVIGATION_ONLY = List.of("/oauth2/authorize", "/oauth2/logout");
    private final Set<String> origins;
    private final Set<String> clientOriginPaths;
    private final Supplier<Set<String>> clientOrigins;

    public Cors(List<String> origins) {
        this(origins, Set.of(), Set::of);
    }

    /**
     * @param origins the configured {@code cors.origins}, allowed everywhere but the navigation-only endpoints
     * @param clientOriginPaths the paths that also allow {@code clientOrigins}
     * @param clientOrigins the web origins registered by clients (the supplier caches them)
     */
    public Cors(List<String> origins, Set<String> clientOriginPaths, Supplier<Set<String>> clientOrigins) {
        this.origins = Set.copyOf(origins);
        this.clientOriginPaths = Set.copyOf(clientOriginPaths);
        this.clientOrigins = clientOrigins;
    }

    /** Before every request: marks allowed origins, and answers preflights in full. */
    public void apply(Context ctx) {
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        boolean allowed = origin != null && allows(ctx.path(), origin);
        if (allowed) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
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

    /** Whether a request from {@code origin} to {@code path} may read the answer. */
    boolean allows(String path, String origin) {
        for (String prefix : NAVIGATION_ONLY) {
            if (path.startsWith(prefix)) {
                return false;
            }
        }
        return origins.contains(origin) || (clientOriginPaths.contains(path) && clientOrigins.get().contains(origin));
    }
}
