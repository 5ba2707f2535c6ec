package io.tokenbooth.server.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an operator asks for when registering a client (CLI or admin API). Empty lists take defaults in
 * {@link ClientService#register}.
 *
 * @param secret an operator-chosen secret (at least {@value ClientSecrets#MIN_LENGTH} characters); empty to generate one
 */
public record ClientRegistration(
        String clientId,
        Optional<String> clientName,
        boolean publicClient,
        Optional<AuthMethod> authMethod,
        Optional<String> secret,
        Optional<String> jwks,
        List<String> redirectUris,
        List<String> postLogoutRedirectUris,
        List<String> grantTypes,
        List<String> scopes,
        List<String> audiences,
        List<String> webOrigins,
        boolean firstParty,
        Optional<Duration> accessTokenTtl,
        Optional<Duration> refreshIdleTtl,
        Optional<Duration> refreshAbsoluteTtl) {

    /** A minimal registration, for builders and tests. */
    public static ClientRegistration of(String clientId, boolean publicClient, List<String> redirectUris) {
        return new ClientRegistration(clientId, Optional.empty(), publicClient, Optional.empty(), Optional.empty(),
                Optional.empty(), redirectUris, List.of(), List.of(), List.of(), List.of(), List.of(), false,
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
