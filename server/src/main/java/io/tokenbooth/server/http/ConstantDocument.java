package io.tokenbooth.server.http;

import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * A GET document whose body changes only with the server's state, never with the request: the JWKS (a new body when
 * the key ring is reloaded) and the discovery metadata (fixed at start). {@link ConstantDocumentHandler} answers it in
 * front of Javalin; {@link #write} answers it as a Javalin route when the handler passes a request on.
 *
 * @param path         the exact path, also the request metric's route label
 * @param body         the current body, pre-encoded; called once per request, so it must be cheap and must not copy
 *                     (the JWKS comes from the key ring, which swaps its pre-rendered bytes on reload)
 */
public record ConstantDocument(String path, String contentType, String cacheControl, Supplier<byte[]> body) {

    /** The Javalin route's answer: the same status, headers and body as the handler's. */
    public void write(Context ctx) {
        ctx.header("Cache-Control", cacheControl);
        BodyWriter.write(ctx, 200, contentType, body.get());
    }
}
