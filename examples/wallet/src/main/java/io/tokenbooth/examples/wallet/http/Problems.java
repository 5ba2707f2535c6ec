package io.tokenbooth.examples.wallet.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.tokenbooth.examples.wallet.ledger.LedgerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become answers: {@code application/problem+json} (RFC 9457), {@code Cache-Control:
 * no-store}. Internal details are logged, never sent.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(Problem.class, (e, ctx) -> write(ctx, e));
        routes.exception(LedgerUnavailableException.class, (e, ctx) -> {
            LOG.warn("database unavailable on {} {}: {}", ctx.method(), ctx.path(), e.toString());
            ctx.header("Retry-After", "2");
            write(ctx, Problem.of(503, "Service Unavailable", "temporarily_unavailable",
                    "the wallet's database is unavailable; retry with the same Idempotency-Key"));
        });
        routes.exception(HttpResponseException.class, (e, ctx) ->
                write(ctx, Problem.of(e.getStatus(), "Error", e.getStatus() == 413 ? "invalid_request" : "error",
                        e.getMessage())));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, Problem.of(500, "Internal Server Error", "server_error", "an unexpected error occurred"));
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null) {
                write(ctx, Problem.of(404, "Not Found", "not_found", "no such resource"));
            }
        });
        routes.error(405, ctx -> write(ctx, Problem.of(405, "Method Not Allowed", "invalid_request",
                "method not allowed")));
    }

    public static void write(Context ctx, Problem p) {
        p.challenge().ifPresent(c -> ctx.header("WWW-Authenticate", c));
        Json.write(ctx, p.status(), "application/problem+json", p.body());
    }
}
