package io.tokenbooth.verifier;

/**
 * {@code WWW-Authenticate: Bearer} challenge values (RFC 6750 §3). The realm is an RFC 9110 quoted-string
 * ({@code "} and {@code \} escaped, controls and non-ASCII left out); {@code error_description} and {@code scope}
 * may hold only the characters RFC 6750 §3 allows in them (no {@code "} nor {@code \}, printable ASCII), so anything
 * else is replaced. A value can never break out of its quotes or add an attribute.
 */
public final class BearerChallenge {
    private BearerChallenge() {
    }

    /** The challenge for a request without a token: {@code Bearer realm="…"} and no error (RFC 6750 §3.1). */
    public static String missingToken(String realm) {
        return "Bearer realm=" + quotedString(realm);
    }

    /** The challenge for a refused token; {@code scope} (space-separated) may be null. */
    public static String of(String realm, String error, String description, String scope) {
        StringBuilder b = new StringBuilder(missingToken(realm));
        b.append(", error=\"").append(restricted(error, false)).append('"');
        if (description != null) {
            b.append(", error_description=\"").append(restricted(description, false)).append('"');
        }
        if (scope != null && !scope.isEmpty()) {
            b.append(", scope=\"").append(restricted(scope, true)).append('"');
        }
        return b.toString();
    }

    private static String quotedString(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** RFC 6750 §3: %x20-21 / %x23-5B / %x5D-7E (a scope: its space-separated tokens, %x21 / %x23-5B / %x5D-7E). */
    private static String restricted(String value, boolean scope) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
            b.append(ok ? c : scope ? '_' : '\'');
        }
        return b.toString();
    }
}
