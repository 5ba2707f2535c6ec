package io.tokenbooth.server.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenbooth.server.oauth.token.IssuedTokens;

/**
 * The first-party API's JSON shape of a token pair (docs/api.md): RFC 6749 §5.1 names plus {@code refresh_expires_in},
 * and no {@code scope} (always {@code api}).
 */
record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("refresh_expires_in") long refreshExpiresIn) {

    /** The pair issued to the built-in client, which always gets a refresh token. */
    static TokenResponse of(IssuedTokens issued) {
        var refresh = issued.refresh().orElseThrow();
        return new TokenResponse(issued.access().value(), "Bearer", issued.access().expiresIn(), refresh.token(),
                refresh.expiresIn());
    }
}
