package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.client.Client;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1, RFC 8707 §2).
 *
 * @param scopes the granted scopes in request order, without duplicates; the client's defaults when none were asked
 * @param codeChallenge the S256 PKCE challenge, when sent
 * @param prompts the {@code prompt} values: none, login, consent, select_account
 * @param maxAgeSeconds the {@code max_age}: the longest time since the last password entry that is acceptable
 * @param resources the RFC 8707 resource indicators, each one of the client's audiences
 */
public record AuthorizationRequest(
        Client client,
        String redirectUri,
        List<String> scopes,
        Optional<String> state,
        Optional<String> nonce,
        Optional<String> codeChallenge,
        Set<String> prompts,
        Optional<Long> maxAgeSeconds,
        Optional<String> loginHint,
        List<String> resources) {

    public AuthorizationRequest {
        scopes = List.copyOf(scopes);
        prompts = Set.copyOf(prompts);
        resources = List.copyOf(resources);
    }

    /** An OpenID Connect authentication request (OIDC Core §3.1.2.1): the scope includes {@code openid}. */
    public boolean openid() {
        return scopes.contains("openid");
    }

    public boolean prompt(String value) {
        return prompts.contains(value);
    }

    public String scope() {
        return String.join(" ", scopes);
    }
}
