package io.tokenbooth.server.client;

import io.tokenbooth.server.oauth.OAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Redirect URI rules. Registration (RFC 9700 §2.1, RFC 8252 §7): absolute, no fragment, no wildcard; https, or http
 * only on a loopback IP literal, or a private-use scheme in reverse-domain form ({@code com.example.app:/cb}).
 * Matching (RFC 9700 §4.1.3): exact string comparison, except that a registered loopback URI matches the same URI on
 * any port (RFC 8252 §7.3), since native apps bind an ephemeral port.
 */
public final class RedirectUris {
    private RedirectUris() {
    }

    /** Checks a URI offered for registration; returns it unchanged or throws {@code invalid_request}. */
    public static String validateForRegistration(String uri) {
        URI u = parse(uri).orElseThrow(() -> bad(uri, "is not a valid absolute URI"));
        if (!u.isAbsolute()) {
            throw bad(uri, "must be absolute");
        }
        if (u.getRawFragment() != null || uri.contains("#")) {
            throw bad(uri, "must not contain a fragment");
        }
        if (uri.contains("*")) {
            throw bad(uri, "must not contain wildcards");
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https" -> {
                if (u.getHost() == null) {
                    throw bad(uri, "must name a host");
                }
            }
            case "http" -> {
                if (!isLoopback(u)) {
                    throw bad(uri, "may use http only on 127.0.0.1 or [::1] (RFC 8252 §7.3); use https");
                }
            }
            default -> {
                if (!scheme.contains(".")) {
                    throw bad(uri, "private-use schemes must be in reverse-domain form, e.g. com.example.app:/callback");
                }
                if ("javascript".equals(scheme) || "data".equals(scheme) || "file".equals(scheme)) {
                    throw bad(uri, "uses a forbidden scheme");
                }
            }
        }
        return uri;
    }

    /** Whether {@code presented} is one of {@code registered}: exact match, or a loopback URI on another port. */
    public static boolean matches(List<String> registered, String presented) {
        if (presented == null) {
            return false;
        }
        for (String r : registered) {
            if (r.equals(presented) || sameLoopbackIgnoringPort(r, presented)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameLoopbackIgnoringPort(String registered, String presented) {
        var r = parse(registered);
        var p = parse(presented);
        if (r.isEmpty() || p.isEmpty() || !isLoopback(r.get()) || !isLoopback(p.get())) {
            return false;
        }
        URI a = r.get();
        URI b = p.get();
        return "http".equals(a.getScheme()) && "http".equals(b.getScheme())
                && a.getHost().equals(b.getHost())
                && a.getRawUserInfo() == null && b.getRawUserInfo() == null
                && eq(a.getRawPath(), b.getRawPath()) && eq(a.getRawQuery(), b.getRawQuery())
                && b.getRawFragment() == null;
    }

    private static boolean isLoopback(URI u) {
        String host = u.getHost();
        return "http".equalsIgnoreCase(u.getScheme()) && ("127.0.0.1".equals(host) || "[::1]".equals(host));
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static java.util.Optional<URI> parse(String uri) {
        if (uri == null || uri.isEmpty() || uri.length() > 2000) {
            return java.util.Optional.empty();
        }
        try {
            URI u = new URI(uri);
            return u.getScheme() == null ? java.util.Optional.empty() : java.util.Optional.of(u);
        } catch (URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }

    private static OAuthException bad(String uri, String why) {
        return OAuthException.invalidRequest("redirect URI '" + uri + "' " + why);
    }
}
