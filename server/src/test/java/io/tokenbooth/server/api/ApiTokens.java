package io.tokenbooth.server.api;

import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Test helpers for tokens minted for registered APIs: registering one with fresh names, and reading an access token
 * with jose4j, an independent JOSE library fed only the published JWKS, for the {@code aud} the test expects.
 */
final class ApiTokens {
    private ApiTokens() {
    }

    /** A registered API with a fresh name, audience and two scopes {@code <prefix>:read} and {@code <prefix>:write}. */
    static Api register(TestServer server, Optional<Duration> ttl) {
        String u = UUID.randomUUID().toString().substring(0, 8);
        return server.tokenbooth().services().apis.register("api-" + u, "http://127.0.0.1:8081/" + u,
                List.of("p" + u + ":read", "p" + u + ":write"), ttl);
    }

    /** The claims of {@code token}, verified as an {@code at+jwt} for {@code audience}; fails otherwise. */
    static JwtClaims verify(TestServer server, String token, String audience) {
        try {
            return new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(
                            new HttpsJwks(server.url("/.well-known/jwks.json"))))
                    .setExpectedIssuer(server.issuer())
                    .setExpectedAudience(audience)
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setExpectedType(true, "at+jwt")
                    .setEvaluationTime(org.jose4j.jwt.NumericDate.fromMilliseconds(server.clock.millis()))
                    .build()
                    .processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new AssertionError("token refused for " + audience + ": " + e.getMessage(), e);
        }
    }

    /** {@code exp - iat} of verified claims, in seconds. */
    static long lifetime(JwtClaims claims) {
        try {
            return claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        } catch (org.jose4j.jwt.MalformedClaimException e) {
            throw new AssertionError(e);
        }
    }
}
