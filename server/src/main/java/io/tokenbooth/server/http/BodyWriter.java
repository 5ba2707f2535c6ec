package io.tokenbooth.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a whole 2xx answer straight to the servlet output stream, its Content-Length first, in one write: Jetty then
 * completes the response on that write. Javalin's result path costs more per request (issue 11 profiles: 18 % of a
 * JWKS request under wrk): its compression stream asks Jetty for {@code Content-Encoding} on the first write, a scan
 * of the response headers, and the bytes are copied through an {@code InputStream}. Answers here are small JSON that
 * Javalin would not compress anyway (under its 1,500-byte threshold), except discovery, which caches for minutes.
 *
 * <p>Only for 2xx: Javalin's error handlers (404, 405, see {@link ErrorResponses}) run after the handler and expect
 * the body still unwritten, so other statuses take Javalin's path. Thread-safe (stateless).
 */
public final class BodyWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BodyWriter.class);

    private BodyWriter() {
    }

    public static void write(Context ctx, int status, String contentType, byte[] body) {
        ctx.status(status);
        ctx.contentType(contentType);
        if (status < 200 || status >= 300) {
            ctx.result(body);
            return;
        }
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            // The client closed the connection before its answer was written: nothing to answer, nobody to tell.
            LOG.debug("{} {}: the client left before the answer was written ({})", ctx.method(), ctx.path(), e.toString());
        }
    }
}
