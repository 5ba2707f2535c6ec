package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.oauth.OAuthException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The redirects that answer an authorization request: parameters added to the redirect URI's query (RFC 6749
 * §4.1.2, keeping any query it already has, §3.1.2), always with {@code iss} (RFC 9207 §2) and the client's
 * {@code state} when it sent one.
 */
public final class AuthorizationResponses {
    private AuthorizationResponses() {
    }

    public static String success(String redirectUri, String code, Optional<String> state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        state.ifPresent(s -> params.put("state", s));
        params.put("iss", issuer);
        return append(redirectUri, params);
    }

    public static String error(String redirectUri, OAuthException e, Optional<String> state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", e.error());
        params.put("error_description", describable(e.description()));
        state.ifPresent(s -> params.put("state", s));
        params.put("iss", issuer);
        return append(redirectUri, params);
    }

    static String append(String uri, Map<String, String> params) {
        StringBuilder b = new StringBuilder(uri);
        char sep = uri.indexOf('?') < 0 ? '?' : (uri.endsWith("?") || uri.endsWith("&") ? 0 : '&');
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sep != 0) {
                b.append(sep);
            }
            b.append(e.getKey()).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return b.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** RFC 6749 §4.1.2.1: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. */
    private static String describable(String description) {
        StringBuilder b = new StringBuilder(description.length());
        description.codePoints().forEach(c -> b.append(c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' ? (char) c : '?'));
        return b.toString();
    }
}
