package io.tokenbooth.server.http;

import io.javalin.http.Context;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthParameters;
import java.util.Set;

/**
 * Reads an {@code application/x-www-form-urlencoded} body (the OAuth endpoints' format, RFC 6749 §3.2, RFC 7009 §2.1,
 * RFC 7662 §2.1) with a hard size limit ({@link RequestBody}), decoded by {@link FormDecoder} into
 * {@link OAuthParameters}. Parameters in the URL query are never read. Thread-safe.
 */
public final class FormBody {
    public static final String MEDIA_TYPE = "application/x-www-form-urlencoded";
    private final RequestBody body;

    public FormBody(RequestBody body) {
        this.body = body;
    }

    /** The form parameters; any other content type is {@code 400 invalid_request}, a body over the limit 413. */
    public OAuthParameters read(Context ctx, Set<String> repeatable) {
        if (!isForm(ctx)) {
            throw OAuthException.invalidRequest("Content-Type must be " + MEDIA_TYPE);
        }
        return OAuthParameters.of(FormDecoder.OAUTH.decode(body.bytes(ctx)), repeatable);
    }

    /** Like {@link #read}, but a request without a content type and without a body has no parameters. */
    public OAuthParameters readIfPresent(Context ctx) {
        if (ctx.header("Content-Type") == null) {
            if (body.bytes(ctx).length == 0) {
                return OAuthParameters.empty();
            }
            throw OAuthException.invalidRequest("Content-Type must be " + MEDIA_TYPE);
        }
        return read(ctx, Set.of());
    }

    /**
     * Whether the media type is {@link #MEDIA_TYPE}, in any ASCII case, parameters aside: the check the OAuth
     * endpoints make on every request, so it compares in place rather than splitting and lowering a copy.
     */
    public static boolean isForm(Context ctx) {
        return isFormMediaType(ctx.header("Content-Type"));
    }

    static boolean isFormMediaType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int start = 0;
        int end = contentType.indexOf(';');
        end = end < 0 ? contentType.length() : end;
        while (start < end && contentType.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && contentType.charAt(end - 1) <= ' ') {
            end--;
        }
        if (end - start != MEDIA_TYPE.length()) {
            return false;
        }
        for (int i = 0; i < MEDIA_TYPE.length(); i++) {
            char c = contentType.charAt(start + i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (lower != MEDIA_TYPE.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
