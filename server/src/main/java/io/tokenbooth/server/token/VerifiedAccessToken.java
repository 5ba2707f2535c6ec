package io.tokenbooth.server.token;

import java.time.Instant;
import java.util.List;

/**
 * The claims of an access token whose signature, type, issuer, audience and times have been checked.
 *
 * @param scope the {@code scope} claim, or null when the token has none
 */
public record VerifiedAccessToken(String subject, String clientId, String scope, List<String> audiences, String jti,
                                  Instant expiresAt, Instant issuedAt) {

    /** Whether the space-separated {@code scope} contains {@code value} (RFC 6749 §3.3). */
    public boolean hasScope(String value) {
        if (scope == null) {
            return false;
        }
        for (String s : scope.split(" ")) {
            if (s.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
