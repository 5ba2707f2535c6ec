package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code scope}: space-separated tokens (RFC 6749 §3.3), each registered for the client, else {@code invalid_scope}.
 * Without a scope, the client's registered scopes except {@code openid} (RFC 6749 §3.3 lets the server choose a
 * default; OpenID Connect must be asked for explicitly, so a plain OAuth request stays plain OAuth).
 */
public final class ScopeCheck {
    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private ScopeCheck() {
    }

    public static List<String> apply(AuthorizationParameters p, Client client) {
        var raw = p.single("scope");
        if (raw.isEmpty() || raw.get().isBlank()) {
            return client.scopes().stream().filter(s -> !s.equals("openid")).sorted().toList();
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String token : raw.get().split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!TOKEN.matcher(token).matches()) {
                throw OAuthException.invalidScope("the scope contains a malformed token");
            }
            if (!client.scopes().contains(token)) {
                throw OAuthException.invalidScope("the scope '" + token + "' is not registered for this client");
            }
            scopes.add(token);
        }
        return new ArrayList<>(scopes);
    }
}
