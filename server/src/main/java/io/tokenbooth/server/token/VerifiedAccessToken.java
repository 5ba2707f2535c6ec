package io.tokenbooth.server.token;

import java.time.Instant;
import java.util.List;

/** The claims of an access token whose signature, type, issuer, audience and times have been checked. */
public record VerifiedAccessToken(String subject, String clientId, String scope, List<String> audiences, String jti,
                                  Instant expiresAt) {
}
