package io.tokenbooth.server.http;

import io.javalin.http.Context;

/** Writes JSON answers. Anything carrying a token or account data is marked {@code no-store} (RFC 6749 §5.1). */
public final class JsonResponse {
    private JsonResponse() {
    }

    public static void noStore(Context ctx, int status, Object body) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        send(ctx, status, body);
    }

    public static void send(Context ctx, int status, Object body) {
        BodyWriter.write(ctx, status, "application/json;charset=utf-8", Json.write(body));
    }
}
