package io.tokenbooth.verifier.spring;

import io.tokenbooth.verifier.ResourceServerVerifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stock Spring Boot resource server as docs/verifier.md sets one up: spring-boot-starter-oauth2-resource-server +
 * webmvc configured with {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} only, plus our three beans (the
 * verifier for this API's audience, the status validator, the {@code at+jwt} type rule). The tests name the audience
 * in the property {@code test.audience}. {@code GET /hello} answers {@code hello <sub>}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class DocumentedResourceServer {
    @Bean(destroyMethod = "close")
    ResourceServerVerifier tokenbooth(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
                                      @Value("${test.audience}") String audience) {
        return ResourceServerVerifier.builder(issuer).audience(audience).build();
    }

    @Bean
    TokenStatusValidator tokenStatus(ResourceServerVerifier tokenbooth) {
        return new TokenStatusValidator(tokenbooth);
    }

    /** Spring Security 7 accepts only {@code typ: JWT} by default; Tokenbooth's are RFC 9068 {@code at+jwt}. */
    @Bean
    JwtTypeValidator accessTokenType() {
        return TokenStatusValidator.accessTokenType();
    }

    /** Registered as a member of this configuration class. */
    @RestController
    static class Hello {
        @GetMapping("/hello")
        String hello(@AuthenticationPrincipal Jwt jwt) {
            return "hello " + jwt.getSubject();
        }
    }
}
