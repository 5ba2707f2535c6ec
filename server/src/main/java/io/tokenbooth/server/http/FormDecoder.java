package io.tokenbooth.server.http;

import io.tokenbooth.server.oauth.OAuthException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one decoder of {@code application/x-www-form-urlencoded} (WHATWG URL §5.1, RFC 6749 Appendix B), for OAuth form
 * bodies ({@link FormBody}) and the browser endpoints' queries and forms ({@link BrowserForm}) alike. Strict where
 * the framework and {@code URLDecoder} are lenient: every {@code %} starts two hex digits, the decoded bytes are valid
 * UTF-8 (no replacement characters), and there are at most {@code maxParameters} {@code &}-separated pieces (empty
 * ones included, so a run of {@code &} is bounded too); anything else is 400 {@code invalid_request}. {@code +} is a
 * space. A piece without {@code =} is a name with an empty value. What a repeated or empty parameter means is the
 * caller's rule: every value is kept, in order. The size of the input is bounded before it gets here
 * ({@link RequestBody}, the request line limit). Immutable and thread-safe.
 */
public final class FormDecoder {
    /** OAuth endpoints' bodies: few parameters (RFC 6749 §4.1.3 needs five). */
    public static final FormDecoder OAUTH = new FormDecoder(64, "the form body is");
    /** Browser endpoints: an authorization request with every optional parameter, or a login form carrying one. */
    public static final FormDecoder BROWSER = new FormDecoder(256, "the parameters are");

    private final int maxParameters;
    /** What was malformed, with its verb, for error descriptions ("the form body is" not valid UTF-8). */
    private final String subject;

    public FormDecoder(int maxParameters, String subject) {
        this.maxParameters = maxParameters;
        this.subject = subject;
    }

    /** Every parameter with all its values, in the order first seen; unmodifiable. */
    public Map<String, List<String>> decode(byte[] encoded) {
        if (encoded.length == 0) {
            return Map.of();
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        int pieces = 0;
        int start = 0;
        for (int i = 0; i <= encoded.length; i++) {
            if (i < encoded.length && encoded[i] != '&') {
                continue;
            }
            if (++pieces > maxParameters) {
                throw OAuthException.invalidRequest("too many parameters");
            }
            if (i > start) {
                int eq = indexOf(encoded, (byte) '=', start, i);
                String name = decode(encoded, start, eq < 0 ? i : eq);
                String value = eq < 0 ? "" : decode(encoded, eq + 1, i);
                values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            }
            start = i + 1;
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        values.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
        return Collections.unmodifiableMap(frozen);
    }

    private static int indexOf(byte[] b, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private String decode(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '+') {
                c = ' ';
            } else if (c == '%') {
                int hi = i + 2 < to ? hex(b[i + 1]) : -1;
                int lo = hi < 0 ? -1 : hex(b[i + 2]);
                if (lo < 0) {
                    throw OAuthException.invalidRequest(subject + " not correctly percent-encoded");
                }
                c = (byte) (hi * 16 + lo);
                i += 2;
            }
            ascii &= c >= 0;
            out[n++] = c;
        }
        if (ascii) {
            return new String(out, 0, n, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw OAuthException.invalidRequest(subject + " not valid UTF-8");
        }
    }

    /** The value of an ASCII hex digit, or -1 (unlike {@link Character#digit}, no other script's digits). */
    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
