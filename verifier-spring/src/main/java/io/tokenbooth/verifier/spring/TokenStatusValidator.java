package io.tokenbooth.verifier.spring;

import io.tokenbooth.verifier.ResourceServerVerifier;
import io.tokenbooth.verifier.TokenRejectedException;
import java.util.Objects;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/**
 * Adds Tokenbooth's status check (draft-ietf-oauth-status-list: revocation reaches the resource server within the
 * poll interval) to a stock Spring Security resource server, whose own {@code JwtDecoder} keeps checking the
 * signature, issuer, audience and times. The token's {@code status.status_list} is looked up in the lists the
 * {@link ResourceServerVerifier} follows (polled with {@code If-None-Match}, fail closed past its staleness limit);
 * a revoked or unverifiable status is an {@code invalid_token} error, which Spring answers with 401 and its
 * {@code WWW-Authenticate} challenge. A token without a {@code status} claim passes. Thread-safe.
 * <p>As a bean, Spring Boot adds it to the auto-configured decoder:
 * <pre>{@code
 * @Bean ResourceServerVerifier tokenbooth(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer) {
 *     return ResourceServerVerifier.builder(issuer).audience("https://api.example.com").build();
 * }
 * @Bean TokenStatusValidator tokenStatus(ResourceServerVerifier tokenbooth) {
 *     return new TokenStatusValidator(tokenbooth);
 * }
 * @Bean JwtTypeValidator accessTokenType() {   // Spring's default accepts typ JWT only
 *     return TokenStatusValidator.accessTokenType();
 * }
 * }</pre>
 */
public final class TokenStatusValidator implements OAuth2TokenValidator<Jwt> {
    private final ResourceServerVerifier verifier;

    public TokenStatusValidator(ResourceServerVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * {@code typ} must be {@code at+jwt} (RFC 9068 §4). As a bean it replaces Spring Security's default type rule,
     * which accepts only {@code JWT} (or none) and so refuses every Tokenbooth access token.
     */
    public static JwtTypeValidator accessTokenType() {
        return new JwtTypeValidator("at+jwt");
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        try {
            verifier.checkStatus(token.getClaims().get("status"));
            return OAuth2TokenValidatorResult.success();
        } catch (TokenRejectedException e) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                    e.description(), "https://datatracker.ietf.org/doc/html/rfc6750#section-3.1"));
        }
    }
}
