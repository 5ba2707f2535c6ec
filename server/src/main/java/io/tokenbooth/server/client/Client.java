package io.tokenbooth.server.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A registered OAuth client. Confidential clients authenticate with a secret (stored as its SHA-256 hash) or a
 * private-key JWT; public clients ({@link AuthMethod#NONE}, e.g. mobile and single-page apps) must use PKCE.
 *
 * @param audiences resource indicators (RFC 8707) this client may request; the first is the default {@code aud}
 * @param webOrigins browser origins allowed to call the token, UserInfo, revocation and discovery endpoints (CORS)
 * @param firstParty a first-party client skips the consent page
 */
public record Client(
        String clientId,
        String clientName,
        Optional<String> secretHash,
        AuthMethod authMethod,
        Optional<String> jwks,
        List<String> redirectUris,
        List<String> postLogoutRedirectUris,
        Set<String> grantTypes,
        Set<String> scopes,
        List<String> audiences,
        List<String> webOrigins,
        boolean firstParty,
        Optional<Duration> accessTokenTtl,
        Optional<Duration> refreshIdleTtl,
        Optional<Duration> refreshAbsoluteTtl,
        Instant createdAt) {

    public Client {
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
        audiences = List.copyOf(audiences);
        webOrigins = List.copyOf(webOrigins);
    }

    public boolean isPublic() {
        return authMethod == AuthMethod.NONE;
    }

    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }

    public Client withSecretHash(String hash) {
        return new Client(clientId, clientName, Optional.of(hash), authMethod, jwks, redirectUris, postLogoutRedirectUris,
                grantTypes, scopes, audiences, webOrigins, firstParty, accessTokenTtl, refreshIdleTtl, refreshAbsoluteTtl,
                createdAt);
    }
}
