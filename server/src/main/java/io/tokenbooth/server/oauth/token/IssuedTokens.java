package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.token.IssuedAccessToken;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import java.util.Optional;

/**
 * What a grant issued: an access token with its scope, and a refresh token and an ID token when the grant gives them.
 * Each API writes it in its own documented shape ({@link TokenResponse} for {@code /oauth2/token}, the first-party
 * API's with {@code refresh_expires_in}). Immutable.
 *
 * @param scope the granted scope; empty for a {@code client_credentials} grant without any
 */
public record IssuedTokens(IssuedAccessToken access, Optional<String> scope,
                           Optional<RefreshTokenService.Issued> refresh, Optional<String> idToken) {
}
