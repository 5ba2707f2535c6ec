package io.tokenbooth.server.pages;

import io.tokenbooth.server.token.OpaqueTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Double-submit CSRF tokens (OWASP CSRF Prevention Cheat Sheet): a random per-browser value in a cookie, echoed in a
 * hidden {@code csrf_token} field of every form; a POST is accepted only when both are present and equal. Another
 * site can make the browser send the cookie but can neither read it nor set it (HttpOnly, SameSite=Lax, and on https
 * the {@code __Host-} prefix, which forbids a sibling subdomain from planting one). Compared in constant time.
 */
public final class CsrfTokens {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

    private CsrfTokens() {
    }

    /** 256 random bits, base64url. */
    public static String generate() {
        return OpaqueTokens.generate();
    }

    /** Whether a cookie value has the shape of a token this server generates. */
    public static boolean wellFormed(String token) {
        return token != null && FORM.matcher(token).matches();
    }

    public static boolean matches(String cookie, String field) {
        if (!wellFormed(cookie) || !wellFormed(field)) {
            return false;
        }
        return MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII));
    }
}
