package io.tokenbooth.server.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenbooth.server.oauth.token.IssuedTokens;

/**
 * The first-party API's JSON shape of a token pair (docs/api.md): RFC 6749 §5.1 names plus {@code refresh_expires_in};
 * {@code scope} only when the request named a scope or a resource (otherwise it is always {@code api}, and the shape
 * stays as it was before registered APIs).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("refresh_expires_in") long refreshExpiresIn,
        @JsonProperty("scope") String scope) {

    /** The pair issued to the built-in client, which always gets a refresh token; the scope when {@code withScope}. */
    static TokenResponse of(IssuedTokens issued, boolean withScope) {
        var refresh = issued.refresh().orElseThrow();
        return new TokenResponse(issued.access().value(), "Bearer", issued.access().expiresIn(), refresh.token(),
                refresh.expiresIn(), withScope ? issued.scope().orElse(null) : null);
    }
}
