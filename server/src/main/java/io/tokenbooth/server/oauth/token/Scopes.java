package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.oauth.OAuthException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Scope strings (RFC 6749 §3.3): space-delimited, case-sensitive scope tokens, in request order. */
final class Scopes {
    static final String OPENID = "openid";
    static final String OFFLINE_ACCESS = "offline_access";
    private static final int MAX_TOKEN_LENGTH = 128;

    private Scopes() {
    }

    /** Parses a requested scope; a malformed one is {@code invalid_scope}. */
    static Set<String> parse(String scope) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : scope.split(" ")) {
            if (s.isEmpty()) {
                continue;
            }
            if (!isScopeToken(s)) {
                throw OAuthException.invalidScope("the scope is malformed");
            }
            out.add(s);
        }
        if (out.isEmpty() || out.size() > 64) {
            throw OAuthException.invalidScope("the scope is malformed");
        }
        return out;
    }

    /**
     * RFC 6749 §3.3: {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}, here at most 128 characters; checked
     * char by char (a regular expression per token showed in the issue 11 profiles of client_credentials).
     */
    static boolean isScopeToken(String s) {
        if (s.isEmpty() || s.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == 0x22 || c == 0x5C) {
                return false;
            }
        }
        return true;
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
