package io.tokenbooth.server.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered API (resource server). Its {@code audience} is its RFC 8707 resource indicator, the {@code aud} of the
 * tokens minted for it; its {@code scopes} are the rights such a token can carry, each owned by this API alone.
 *
 * @param accessTokenTtl the lifetime of access tokens for this API; empty for the client's or the configured one
 */
public record Api(String name, String audience, List<String> scopes, Optional<Duration> accessTokenTtl,
                  Instant createdAt) {
    public Api {
        scopes = List.copyOf(scopes);
    }
}
