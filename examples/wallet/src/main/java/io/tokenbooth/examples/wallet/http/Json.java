package io.tokenbooth.examples.wallet.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Writes JSON answers, never cached (they carry a user's money). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static void write(Context ctx, int status, String contentType, Object body) {
        try {
            ctx.status(status);
            ctx.header("Cache-Control", "no-store");
            ctx.contentType(contentType);
            ctx.result(MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Context ctx, int status, Object body) {
        write(ctx, status, "application/json", body);
    }
}
