package io.tokenbooth.server.oauth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A successful token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3); absent members are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("scope") String scope,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("id_token") String idToken) {

    static TokenResponse of(IssuedTokens t) {
        return new TokenResponse(t.access().value(), "Bearer", t.access().expiresIn(), t.scope().orElse(null),
                t.refresh().map(r -> r.token()).orElse(null), t.idToken().orElse(null));
    }
}
