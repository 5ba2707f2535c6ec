package io.tokenbooth.server.http;

import io.tokenbooth.server.metrics.MetricsEndpoint;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers GET and HEAD for the {@link ConstantDocument}s as a plain Jetty handler in front of Javalin's servlet
 * handler: the servlet layer (request and response wrappers, the servlet channel) and Javalin's routing were ~85 % of
 * a JWKS request under wrk (issue 11 profiles), for an answer that depends on nothing in the request but its Origin.
 *
 * <p>The answer is the one the Javalin route gives, header for header in the same order (pinned by
 * {@code ConstantDocumentsGoldenTest}): Jetty's {@code Date}, Content-Type, the {@link SecurityHeaders}, CORS as
 * {@link Cors#apply} sets it for a GET, Cache-Control, Content-Length; and it is counted in the request metric under
 * the route's labels. Anything else goes on to Javalin unchanged: other methods (405, preflights), a path that is not
 * exactly a document's (query strings aside, as for Javalin), and requests with a Content-Type (whose checks are
 * {@link RequestGuard}'s) or a body. Thread-safe: the header fields are immutable, and each document's body is read
 * from its supplier on every request, so a key reload is served from the next request on.
 */
final class ConstantDocumentHandler extends Handler.Wrapper {
    private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Origin");
    private static final HttpField EXPOSE = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS,
            Cors.EXPOSED_HEADERS);
    private final Map<String, Slot> documents;
    private final List<HttpField> securityHeaders;
    private final Cors cors;
    private final MetricsEndpoint metrics;

    ConstantDocumentHandler(List<ConstantDocument> documents, SecurityHeaders headers, Cors cors,
                            MetricsEndpoint metrics) {
        this.documents = documents.stream().collect(Collectors.toUnmodifiableMap(ConstantDocument::path, Slot::new));
        List<HttpField> fields = new ArrayList<>();
        headers.forEach((name, value) -> fields.add(new PreEncodedHttpField(name, value)));
        this.securityHeaders = List.copyOf(fields);
        this.cors = cors;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String method = request.getMethod();
        Slot slot = method.equals("GET") || method.equals("HEAD") ? documents.get(request.getHttpURI().getPath()) : null;
        if (slot == null) {
            return super.handle(request, response, callback);
        }
        HttpFields fields = request.getHeaders();
        String origin = null;
        for (int i = 0; i < fields.size(); i++) {
            HttpField field = fields.getField(i);
            HttpHeader header = field.getHeader();
            if (header == HttpHeader.CONTENT_TYPE || header == HttpHeader.CONTENT_LENGTH
                    || header == HttpHeader.TRANSFER_ENCODING) {
                return super.handle(request, response, callback);
            }
            if (header == HttpHeader.ORIGIN && origin == null) {
                origin = field.getValue();
            }
        }
        Encoded body;
        try {
            body = slot.current();
        } catch (RuntimeException e) {
            return super.handle(request, response, callback); // the route maps the failure as every endpoint's
        }
        response.setStatus(200);
        HttpFields.Mutable out = response.getHeaders();
        out.add(slot.contentType);
        for (HttpField field : securityHeaders) {
            out.add(field);
        }
        out.add(VARY);
        if (origin != null && cors.allows(slot.document.path(), origin)) {
            out.add(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            out.add(EXPOSE);
        }
        out.add(slot.cacheControl);
        out.add(body.contentLength);
        // Jetty sends no body for HEAD (RFC 9110 §9.3.2), and keeps the Content-Length of the GET.
        response.write(true, body.buffer.duplicate(), callback);
        metrics.record(method, slot.document.path(), 200, start);
        return true;
    }

    /** A body as written: a read-only direct copy (no per-write copy into a temporary direct buffer) and its length. */
    private record Encoded(byte[] source, ByteBuffer buffer, HttpField contentLength) {
        static Encoded of(byte[] source) {
            ByteBuffer direct = ByteBuffer.allocateDirect(source.length).put(source).flip();
            return new Encoded(source, direct.asReadOnlyBuffer(),
                    new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, source.length));
        }
    }

    /** One document with its fixed header fields and the encoding of its latest body. */
    private static final class Slot {
        private final ConstantDocument document;
        private final HttpField contentType;
        private final HttpField cacheControl;
        private volatile Encoded encoded;

        Slot(ConstantDocument document) {
            this.document = document;
            this.contentType = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, document.contentType());
            this.cacheControl = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, document.cacheControl());
        }

        /**
         * The encoding of the body the supplier returns now. Bodies are immutable arrays (a key reload swaps in a
         * new one), so an identity check is enough to never serve a stale body; two threads that both see a new body
         * may both encode it, which is harmless.
         */
        Encoded current() {
            byte[] body = document.body().get();
            Encoded e = encoded;
            if (e == null || e.source() != body) {
                e = Encoded.of(body);
                encoded = e;
            }
            return e;
        }
    }
}
