package io.tokenbooth.server.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenbooth.server.token.TokenPair;

/** The JSON shape of a token pair (RFC 6749 §5.1 names, plus {@code refresh_expires_in}). */
record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("refresh_expires_in") long refreshExpiresIn) {

    static TokenResponse of(TokenPair pair) {
        return new TokenResponse(pair.accessToken(), pair.tokenType(), pair.expiresIn(), pair.refreshToken(),
                pair.refreshExpiresIn());
    }
}
