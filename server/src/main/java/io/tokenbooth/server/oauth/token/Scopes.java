package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.oauth.OAuthException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Scope strings (RFC 6749 §3.3): space-delimited, case-sensitive scope tokens, in request order. */
final class Scopes {
    static final String OPENID = "openid";
    static final String OFFLINE_ACCESS = "offline_access";
    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

    private Scopes() {
    }

    /** Parses a requested scope; a malformed one is {@code invalid_scope}. */
    static Set<String> parse(String scope) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : scope.split(" ")) {
            if (s.isEmpty()) {
                continue;
            }
            if (!TOKEN.matcher(s).matches()) {
                throw OAuthException.invalidScope("the scope is malformed");
            }
            out.add(s);
        }
        if (out.isEmpty() || out.size() > 64) {
            throw OAuthException.invalidScope("the scope is malformed");
        }
        return out;
    }

    /** A stored scope string (already valid) as a set. */
    static Set<String> of(String scope) {
        Set<String> out = new LinkedHashSet<>();
        if (scope != null) {
            for (String s : scope.split(" ")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    static String join(Collection<String> scopes) {
        return String.join(" ", scopes);
    }
}
