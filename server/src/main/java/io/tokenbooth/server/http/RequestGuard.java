package io.tokenbooth.server.http;

import io.javalin.http.Context;
import io.tokenbooth.server.oauth.OAuthException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/**
 * Runs before every handler, before anything reads the body: refuses {@code multipart/*} bodies with 415 (no
 * endpoint takes them, and the servlet parser would spool them to the temporary directory past the body limit), and
 * refuses a {@code charset} parameter in Content-Type that names no charset this JVM knows with 400 (the framework
 * decodes query strings and form bodies in that charset and would fail with 500). Thread-safe (stateless).
 */
public final class RequestGuard {
    private RequestGuard() {
    }

    public static void check(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null) {
            return;
        }
        int start = 0;
        while (start < contentType.length() && Character.isWhitespace(contentType.charAt(start))) {
            start++;
        }
        if (contentType.regionMatches(true, start, "multipart/", 0, 10)) {
            throw OAuthException.of("invalid_request", "multipart bodies are not accepted", 415);
        }
        if (contentType.indexOf(';') < 0) {
            return; // no parameters, so no charset: the common case, without allocating
        }
        // Every parameter the framework could take for the charset (it matches "charset" as a prefix).
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.regionMatches(true, 0, "charset", 0, 7) && !knownCharset(p)) {
                throw OAuthException.invalidRequest("the charset in Content-Type is not supported");
            }
        }
    }

    private static boolean knownCharset(String parameter) {
        String[] nameValue = parameter.split("=");
        if (nameValue.length < 2) {
            return false;
        }
        String name = nameValue[1].trim();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        try {
            return Charset.isSupported(name);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}
