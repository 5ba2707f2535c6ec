package io.tokenbooth.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any Javalin handler runs (a header block over the limit, a malformed request
 * line or Content-Length): the same JSON body and security headers as every other error, never Jetty's HTML page.
 */
final class JettyErrorResponses extends ErrorHandler {
    private final SecurityHeaders headers;

    JettyErrorResponses(SecurityHeaders headers) {
        this.headers = headers;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code >= 500 ? "server_error" : "invalid_request");
        body.put("error_description", code == 431 ? "the request headers are too large"
                : code == 414 ? "the request URI is too long"
                : code >= 500 ? "the server could not complete the request" : "the request is malformed");
        response.write(true, ByteBuffer.wrap(Json.write(body)), callback);
    }
}
