package io.tokenbooth.server.http;

import io.javalin.http.Context;

/** Writes JSON answers. Anything carrying a token or account data is marked {@code no-store} (RFC 6749 §5.1). */
public final class JsonResponse {
    private static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private JsonResponse() {
    }

    public static void noStore(Context ctx, int status, Object body) {
        noStoreJson(ctx, status, Json.write(body));
    }

    /** As {@link #noStore(Context, int, Object)} for a body already written as JSON (UTF-8). */
    public static void noStoreJson(Context ctx, int status, byte[] json) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        BodyWriter.write(ctx, status, CONTENT_TYPE, json);
    }

    public static void send(Context ctx, int status, Object body) {
        BodyWriter.write(ctx, status, CONTENT_TYPE, Json.write(body));
    }
}
