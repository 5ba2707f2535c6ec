package io.tokenbooth.server.http;

import io.javalin.http.Context;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthParameters;
import java.util.Locale;
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

    public static boolean isForm(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return MEDIA_TYPE.equals(type);
    }
}
