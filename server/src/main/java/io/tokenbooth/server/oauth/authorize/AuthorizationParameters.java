package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.oauth.OAuthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an authorization request as the browser sent them, query and form body together, each name with
 * every value it was given. Only parameters defined for the authorization endpoint are kept; others are ignored
 * (RFC 6749 §3.1). A parameter sent without a value counts as omitted (RFC 6749 §3.1). Immutable.
 */
public final class AuthorizationParameters {
    /** Every parameter defined for the authorization endpoint by RFC 6749, 7636, 8707, 9101 and OIDC Core §3.1.2.1. */
    public static final List<String> DEFINED = List.of("response_type", "client_id", "redirect_uri", "scope", "state",
            "nonce", "code_challenge", "code_challenge_method", "prompt", "max_age", "login_hint", "ui_locales",
            "resource", "response_mode", "request", "request_uri", "registration", "display", "id_token_hint",
            "acr_values", "claims_locales", "claims");
    private final Map<String, List<String>> values;

    private AuthorizationParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** From the query string and, for POST, the form body; a name present in both counts as repeated. */
    public static AuthorizationParameters of(Map<String, List<String>> query, Map<String, List<String>> form) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        for (String name : DEFINED) {
            List<String> all = new ArrayList<>();
            for (Map<String, List<String>> source : List.of(query, form)) {
                for (String value : source.getOrDefault(name, List.of())) {
                    if (value != null && !value.isEmpty()) {
                        all.add(value);
                    }
                }
            }
            if (!all.isEmpty()) {
                v.put(name, List.copyOf(all));
            }
        }
        return new AuthorizationParameters(v);
    }

    public static AuthorizationParameters of(Map<String, List<String>> query) {
        return of(query, Map.of());
    }

    /** The value, empty when absent; {@code invalid_request} when repeated (RFC 6749 §3.1). */
    public Optional<String> single(String name) {
        List<String> all = all(name);
        if (all.size() > 1) {
            throw OAuthException.invalidRequest("the parameter '" + name + "' is repeated");
        }
        return all.stream().findFirst();
    }

    /** The value when given exactly once, else empty: for echoing {@code state} on an error. */
    public Optional<String> singleOrEmpty(String name) {
        List<String> all = all(name);
        return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean repeated(String name) {
        return all(name).size() > 1;
    }

    /**
     * The parameters that reproduce a validated request, as kept while it waits for the user: the values the server
     * acts on, once each ({@code resource} once per distinct value), the redirect URI and scope as resolved. Bounded
     * by the checks that passed. Validating them again against the same client gives the same request.
     */
    public static Map<String, List<String>> kept(AuthorizationRequest req, Optional<String> uiLocales) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("response_type", List.of("code"));
        v.put("client_id", List.of(req.client().clientId()));
        v.put("redirect_uri", List.of(req.redirectUri()));
        if (!req.scopes().isEmpty()) {
            v.put("scope", List.of(req.scope()));
        }
        req.state().ifPresent(s -> v.put("state", List.of(s)));
        req.nonce().ifPresent(n -> v.put("nonce", List.of(n)));
        req.codeChallenge().ifPresent(c -> {
            v.put("code_challenge", List.of(c));
            v.put("code_challenge_method", List.of("S256"));
        });
        if (!req.prompts().isEmpty()) {
            v.put("prompt", List.of(String.join(" ", req.prompts())));
        }
        req.maxAgeSeconds().ifPresent(m -> v.put("max_age", List.of(Long.toString(m))));
        req.loginHint().ifPresent(h -> v.put("login_hint", List.of(h)));
        uiLocales.ifPresent(l -> v.put("ui_locales", List.of(l)));
        if (!req.resources().isEmpty()) {
            v.put("resource", req.resources());
        }
        return v;
    }
}
