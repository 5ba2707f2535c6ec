package io.tokenbooth.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.tokenbooth.server.account.password.HashingBulkhead;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.storage.StoreUnavailableException;
import io.tokenbooth.server.storage.VmShutdown;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become HTTP answers: a JSON body {@code {error, error_description}} (RFC 6749 §5.2),
 * {@code Cache-Control: no-store}, {@code WWW-Authenticate} on 401 (RFC 6750 §3), {@code Retry-After} on 429/503.
 * Internal details are logged, never sent.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(OAuthException.class, (e, ctx) -> write(ctx, e));
        routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            LOG.warn("database unavailable on {} {}: {}", ctx.method(), ctx.path(), rootMessage(e));
            write(ctx, OAuthException.temporarilyUnavailable("the database is unavailable; try again shortly", Duration.ofSeconds(5)));
        });
        routes.exception(HashingBulkhead.Saturated.class, (e, ctx) ->
                write(ctx, OAuthException.temporarilyUnavailable("the server is busy; try again shortly", Duration.ofSeconds(2))));
        routes.exception(java.util.concurrent.RejectedExecutionException.class, (e, ctx) -> write(ctx, shuttingDown()));
        routes.exception(HttpResponseException.class, (e, ctx) ->
                write(ctx, OAuthException.of(codeFor(e.getStatus()), e.getMessage(), e.getStatus())));
        routes.exception(Exception.class, (e, ctx) -> {
            boolean stopping = VmShutdown.inProgress();
            OAuthException answer = unexpected(ctx.method() + " " + ctx.path(), e, stopping);
            if (stopping) {
                respond(ctx, answer); // logged at debug by unexpected(), not once more as a warning
            } else {
                write(ctx, answer);
            }
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null) {
                write(ctx, OAuthException.of("not_found", "no such endpoint", 404));
            }
        });
        routes.error(405, ctx -> write(ctx, OAuthException.of("invalid_request", "method not allowed", 405)));
    }

    /**
     * The answer to an unexpected failure: 500, logged as an error with its stack. While the JVM exits ({@code
     * stopping}) the embedded database can be closed under a request still in flight (H2 closes it from its own
     * shutdown hook, see {@link VmShutdown}); that is the node stopping, not a fault, so the client gets 503 with
     * {@code Retry-After}, as for work the stopping hashing pool refuses, and the log a debug line.
     */
    static OAuthException unexpected(String request, Exception e, boolean stopping) {
        if (stopping) {
            LOG.debug("failure while the server stops, on {}: {}", request, e.toString());
            return shuttingDown();
        }
        LOG.error("unexpected error on {}", request, e);
        return OAuthException.serverError(e.toString());
    }

    /** The node is stopping: the client should retry, here after a restart or on another node. */
    private static OAuthException shuttingDown() {
        return OAuthException.temporarilyUnavailable("the server is shutting down; try again shortly",
                Duration.ofSeconds(2));
    }

    public static void write(Context ctx, OAuthException e) {
        if (e.status() >= 500) {
            LOG.warn("{} {} -> {} ({})", ctx.method(), ctx.path(), e.status(), e.getMessage());
        } else {
            LOG.debug("{} {} -> {} ({})", ctx.method(), ctx.path(), e.status(), e.getMessage());
        }
        respond(ctx, e);
    }

    private static void respond(Context ctx, OAuthException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.description());
        ctx.status(e.status());
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        e.retryAfter().ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, ceilSeconds(d)))));
        if (e.status() == 401 && "invalid_client".equals(e.error())) {
            // RFC 6749 §5.2: the scheme the client used (or could use) to authenticate.
            ctx.header("WWW-Authenticate", "Basic realm=\"tokenbooth\"");
        } else if (e.credentialsMissing()) {
            // RFC 6750 §3.1: a request without any credentials gets a challenge without an error code.
            ctx.header("WWW-Authenticate", "Bearer realm=\"tokenbooth\"");
        } else if (e.status() == 401 || "insufficient_scope".equals(e.error())) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"tokenbooth\", error=\"" + e.error()
                    + "\", error_description=\"" + e.description().replace("\"", "'") + "\"");
        }
        ctx.contentType("application/json;charset=utf-8");
        ctx.result(Json.write(body));
    }

    private static long ceilSeconds(Duration d) {
        return d.toMillis() / 1000 + (d.toMillis() % 1000 == 0 ? 0 : 1);
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 413 -> "invalid_request";
            case 503 -> "temporarily_unavailable";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
