package io.tokenbooth.server.http;

import io.javalin.http.Context;
import io.tokenbooth.server.oauth.OAuthException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The query and form parameters of the browser endpoints (authorization with its sign-in and consent forms,
 * RP-initiated logout), decoded by the one strict {@link FormDecoder} instead of by the framework, which turns bad
 * encodings into missing values or 500s. Both are {@code application/x-www-form-urlencoded} in UTF-8 (WHATWG URL
 * §5.1; HTML forms of pages served as UTF-8): percent-encoding must be well formed and decode to valid UTF-8, and
 * there are at most 256 parameters, else 400 {@code invalid_request}. A form body is read once per request by
 * {@link RequestBody} (413 past the body limit, chunked or not) and must be a form (415 otherwise). Every value is
 * kept; the endpoint decides what a repeat means. Thread-safe (stateless; the parsed body is cached on the request).
 */
public final class BrowserForm {
    private static final String CACHED_BODY = "tokenbooth.browser-form";

    private BrowserForm() {
    }

    /** The parameters of the URL query. */
    public static Map<String, List<String>> query(Context ctx) {
        String query = ctx.queryString();
        return query == null ? Map.of() : FormDecoder.BROWSER.decode(query.getBytes(StandardCharsets.UTF_8));
    }

    /** The parameters of the form body; an empty body has none, whatever its Content-Type. */
    public static Map<String, List<String>> body(Context ctx) {
        Map<String, List<String>> cached = ctx.attribute(CACHED_BODY);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = RequestBody.of(ctx).bytes(ctx); // at most http.max-body-bytes, chunked or not: 413 past it
        if (bytes.length > 0 && !FormBody.isForm(ctx)) {
            throw OAuthException.of("invalid_request", "Content-Type must be " + FormBody.MEDIA_TYPE, 415);
        }
        Map<String, List<String>> form = FormDecoder.BROWSER.decode(bytes);
        ctx.attribute(CACHED_BODY, form);
        return form;
    }

    /** The first value of {@code name} in the form body, or null. */
    public static String field(Context ctx, String name) {
        List<String> values = body(ctx).get(name);
        return values == null ? null : values.get(0);
    }
}
