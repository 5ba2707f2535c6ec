package io.tokenbooth.server.http;

import io.javalin.config.Key;
import io.javalin.http.Context;
import io.tokenbooth.server.oauth.OAuthException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads request bodies with a hard size limit, whether or not the client sent Content-Length (a larger body is 413).
 * JSON bodies are parsed strictly by {@link Json}; form bodies by {@link FormBody}. Thread-safe.
 */
public final class RequestBody {
    /** The server's instance, for code that has only the request ({@link BrowserForm}); set by {@link HttpServer}. */
    static final Key<RequestBody> KEY = new Key<>("tokenbooth.request-body");
    private final long maxBytes;

    public RequestBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The server's body reader, with the configured limit. */
    static RequestBody of(Context ctx) {
        return ctx.appData(KEY);
    }

    public <T> T json(Context ctx, Class<T> type) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw OAuthException.of("invalid_request", "Content-Type must be application/json", 415);
        }
        return Json.parse(bytes(ctx), type);
    }

    /** The raw body, at most the configured number of bytes. */
    public byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared >= 0) {
                // Read at the declared length, in one array: Jetty ends the content there (RFC 9112 §6.2).
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            byte[] body = in.readNBytes((int) maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw OAuthException.invalidRequest("the request body could not be read");
        }
    }

    private OAuthException tooLarge() {
        return OAuthException.of("invalid_request", "the request body exceeds " + maxBytes + " bytes", 413);
    }
}
