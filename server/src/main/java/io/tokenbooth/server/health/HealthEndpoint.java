package io.tokenbooth.server.health;

import io.javalin.http.Context;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.storage.Database;
import java.util.Map;

/**
 * {@code GET /health/live}: the process answers. {@code GET /health/ready}: it can serve, which means the database
 * answers; 503 otherwise, so a load balancer takes the node out until the database is back.
 */
public final class HealthEndpoint {
    private final Database db;

    public HealthEndpoint(Database db) {
        this.db = db;
    }

    public void live(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        JsonResponse.send(ctx, 200, Map.of("status", "UP"));
    }

    public void ready(Context ctx) {
        boolean up = db.isReachable();
        ctx.header("Cache-Control", "no-store");
        JsonResponse.send(ctx, up ? 200 : 503,
                Map.of("status", up ? "UP" : "DOWN", "checks", Map.of("database", up ? "UP" : "DOWN")));
    }
}
