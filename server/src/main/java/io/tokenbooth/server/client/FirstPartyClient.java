package io.tokenbooth.server.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in client of the server's own web and mobile apps, behind {@code /api/v1/login}, {@code /refresh} and
 * {@code /logout}. It goes through the same grant handlers, token issuer and refresh rules as a registered client at
 * {@code /oauth2/token}, but it is not stored: it is built from configuration at start, is not listed, cannot be
 * removed, and its id cannot be registered ({@link ClientService}). It is public (the first-party API has no client
 * authentication) and has the one grant that endpoint serves, {@code refresh_token}; logins come from an
 * authenticator, not from a grant type, so {@code /oauth2/token} never accepts it ({@code invalid_client}).
 */
public final class FirstPartyClient {
    /** The {@code client_id} of first-party tokens and refresh families. */
    public static final String ID = "first-party";
    /** The {@code scope} of first-party access tokens: the first-party API ({@code /api/v1/me}). */
    public static final String SCOPE = "api";

    private FirstPartyClient() {
    }

    /**
     * The client for this configuration: access tokens for {@code audience} living {@code accessTtl}, refresh
     * families with the configured idle and absolute lifetimes.
     */
    public static Client of(String audience, Duration accessTtl, Duration refreshIdleTtl, Duration refreshAbsoluteTtl) {
        return new Client(ID, "First-party API", Optional.empty(), AuthMethod.NONE, Optional.empty(), List.of(),
                List.of(), Set.of("refresh_token"), Set.of(SCOPE), List.of(audience), List.of(), true,
                Optional.of(accessTtl), Optional.of(refreshIdleTtl), Optional.of(refreshAbsoluteTtl), Instant.EPOCH);
    }
}
