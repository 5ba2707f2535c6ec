package io.tokenbooth.server.oauth.code;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an authorization code stands for (RFC 6749 §4.1.2): who approved what, for which client and redirect URI,
 * with the PKCE challenge (S256 only) and the OpenID Connect details the ID token needs.
 */
public record AuthorizationCode(
        String clientId,
        String accountId,
        String redirectUri,
        String scope,
        List<String> audiences,
        Optional<String> nonce,
        Optional<String> codeChallenge,
        Instant authTime,
        List<String> amr,
        Instant issuedAt,
        Instant expiresAt) {

    public AuthorizationCode {
        audiences = List.copyOf(audiences);
        amr = List.copyOf(amr);
    }
}
