package io.tokenbooth.server.http;

import io.javalin.http.Context;
import io.tokenbooth.server.oauth.OAuthException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query and form parameters of the browser endpoints (authorization with its sign-in and consent forms,
 * RP-initiated logout), parsed strictly instead of by the framework, which turns bad encodings into missing values or
 * 500s. Both are {@code application/x-www-form-urlencoded} in UTF-8 (WHATWG URL §5.1; HTML forms of pages served as
 * UTF-8): percent-encoding must be well formed and decode to valid UTF-8, and there are at most 256 parameters, else
 * 400 {@code invalid_request}. A form body is read once per request within the body limit (413 past it, chunked or
 * not) and must be a form (415 otherwise). Every value is kept; the endpoint decides what a repeat means. Thread-safe
 * (stateless; the parsed body is cached on the request).
 */
public final class BrowserForm {
    private static final String CACHED_BODY = "tokenbooth.browser-form";
    private static final int MAX_PARAMETERS = 256;

    private BrowserForm() {
    }

    /** The parameters of the URL query. */
    public static Map<String, List<String>> query(Context ctx) {
        String query = ctx.queryString();
        return query == null ? Map.of() : parse(query.getBytes(StandardCharsets.UTF_8));
    }

    /** The parameters of the form body; an empty body has none, whatever its Content-Type. */
    public static Map<String, List<String>> body(Context ctx) {
        Map<String, List<String>> cached = ctx.attribute(CACHED_BODY);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = ctx.bodyAsBytes(); // at most http.max-body-bytes: the framework answers 413 past it
        if (bytes.length > 0 && !FormBody.isForm(ctx)) {
            throw OAuthException.of("invalid_request", "Content-Type must be " + FormBody.MEDIA_TYPE, 415);
        }
        Map<String, List<String>> form = parse(bytes);
        ctx.attribute(CACHED_BODY, form);
        return form;
    }

    /** The first value of {@code name} in the form body, or null. */
    public static String field(Context ctx, String name) {
        List<String> values = body(ctx).get(name);
        return values == null ? null : values.get(0);
    }

    static Map<String, List<String>> parse(byte[] encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        int count = 0;
        int start = 0;
        for (int i = 0; i <= encoded.length; i++) {
            if (i < encoded.length && encoded[i] != '&') {
                continue;
            }
            if (i > start) {
                if (++count > MAX_PARAMETERS) {
                    throw OAuthException.invalidRequest("too many parameters");
                }
                int eq = indexOf(encoded, (byte) '=', start, i);
                String name = decode(encoded, start, eq < 0 ? i : eq);
                String value = eq < 0 ? "" : decode(encoded, eq + 1, i);
                values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            }
            start = i + 1;
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        values.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
        return java.util.Collections.unmodifiableMap(frozen);
    }

    private static int indexOf(byte[] b, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= to || Character.digit(b[i + 1], 16) < 0 || Character.digit(b[i + 2], 16) < 0) {
                    throw OAuthException.invalidRequest("the parameters are not correctly percent-encoded");
                }
                out.write(Character.digit(b[i + 1], 16) * 16 + Character.digit(b[i + 2], 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw OAuthException.invalidRequest("the parameters are not valid UTF-8");
        }
    }
}
