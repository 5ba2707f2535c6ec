package io.tokenbooth.server.oauth.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.verifier.JwtVerifier;
import io.tokenbooth.verifier.TokenRejectedException;
import io.tokenbooth.verifier.VerificationKeys;
import io.tokenbooth.verifier.VerifiedToken;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 §2.2 and §3, OpenID Connect Core §9): a JWT signed by the
 * client with a key from its registered JWK set, checked on the one verification path ({@link JwtVerifier}, fed by
 * the client's registered keys through {@link VerificationKeys#of(JWKSet)}):
 * <ul>
 * <li>asymmetric algorithms only (RS, PS, ES families): never {@code none}, never HMAC, so a secret cannot stand in
 * for a key; the canonical compact form only;</li>
 * <li>keys only from the client's registered {@code jwks} (RSA of at least 2048 bits); {@code jku}, {@code x5u} and
 * embedded {@code jwk} headers are never followed; a {@code kid} header selects among the registered keys;</li>
 * <li>{@code iss} = {@code sub} = the client id; {@code aud} is the issuer identifier and nothing else (see
 * {@link #verifierFor});</li>
 * <li>{@code exp} required, in the future and at most {@value #MAX_LIFETIME_MINUTES} minutes away; {@code nbf} and
 * {@code iat} not in the future (all with the configured clock skew); any {@code typ};</li>
 * <li>{@code jti} required and accepted once per client until the assertion expires.</li>
 * </ul>
 * ECDSA signatures may have either {@code s}: clients sign with libraries that do not normalise it, and replay is
 * stopped by the {@code jti}, not by the spelling. Every failure is {@code invalid_client}. Thread-safe.
 */
public final class ClientAssertionVerifier {
    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** The algorithms accepted, also published as {@code token_endpoint_auth_signing_alg_values_supported}. */
    public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final int MAX_LIFETIME_MINUTES = 5;
    private static final int MAX_ASSERTION_LENGTH = 8192;
    private static final int MAX_PARSED_JWKS = 10_000;

    private final ClientService clients;
    private final ClientAssertionJtiStore jtis;
    private final Clock clock;
    private final String issuer;
    private final Duration skew;
    /**
     * A verifier per client and registered key set (a changed registration is a new entry), its keys parsed and
     * prepared once, at most {@value #MAX_PARSED_JWKS} with Caffeine's frequency-aware eviction: never cleared whole
     * (issue 6).
     */
    private final Cache<Registration, JwtVerifier> verifiers = Caffeine.newBuilder().maximumSize(MAX_PARSED_JWKS)
            .build();

    private record Registration(String clientId, String jwksJson) {
    }

    /** @param issuer this server's issuer identifier, the only audience an assertion may have */
    public ClientAssertionVerifier(ClientService clients, ClientAssertionJtiStore jtis, Clock clock, String issuer,
                                   Duration skew) {
        this.clients = clients;
        this.jtis = jtis;
        this.clock = clock;
        this.issuer = issuer;
        this.skew = skew;
    }

    /** Verifies the assertion and returns the client it authenticates. */
    public Client verify(String assertionType, String assertion, Optional<String> clientIdParameter) {
        if (!JWT_BEARER.equals(assertionType)) {
            throw invalid("client_assertion_type must be " + JWT_BEARER);
        }
        if (assertion == null || assertion.length() > MAX_ASSERTION_LENGTH) {
            throw invalid("client_assertion is missing or too long");
        }
        // Which client, read before verification to find its keys; the verifier checks the same claims once signed.
        String clientId = claimedClient(assertion);
        if (clientIdParameter.isPresent() && !clientIdParameter.get().equals(clientId)) {
            throw invalid("client_id does not match the client assertion");
        }
        Client client = clients.find(clientId).orElseThrow(() -> failed("unknown client"));
        if (client.authMethod() != AuthMethod.PRIVATE_KEY_JWT || client.jwks().isEmpty()) {
            throw failed("the client is not registered for private_key_jwt");
        }
        VerifiedToken verified;
        try {
            verified = verifierFor(clientId, client.jwks().get()).verify(assertion);
        } catch (TokenRejectedException e) {
            throw switch (e.reason()) {
                case UNKNOWN_KEY, SIGNATURE -> failed(
                        "the client assertion's signature does not verify with the client's registered keys");
                case ALGORITHM -> invalid("client_assertion must be signed with an asymmetric algorithm: " + ALGORITHMS);
                default -> invalid(e.description());
            };
        }
        Instant exp = checkLifetimeAndJti(verified);
        if (!jtis.markUsed(clientId, verified.jti(), exp.plus(skew), clock.instant())) {
            throw invalid("the client assertion has been used before");
        }
        return client;
    }

    /** The client id the assertion claims: {@code iss}, which must equal {@code sub} (RFC 7523 §3). */
    private static String claimedClient(String assertion) {
        JWTClaimsSet claims;
        try {
            claims = SignedJWT.parse(assertion).getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("client_assertion is not a signed JWT");
        }
        String clientId = claims.getIssuer();
        if (clientId == null || !clientId.equals(claims.getSubject())) {
            throw invalid("client_assertion must have iss and sub equal to the client id");
        }
        return clientId;
    }

    /**
     * The verifier of one client's registered keys. Its audience rule is draft-ietf-oauth-rfc7523bis (updating RFC 7523 §3 and OpenID Connect Core §9 after the 2025
     * audience-injection findings): the authorization server MUST reject an assertion that does not have its issuer
     * identifier as its sole audience value, compared as simple strings (RFC 3986 §6.2.1). An endpoint URL, once
     * allowed, is refused: a malicious server can advertise our token endpoint as its own, collect the assertion a
     * client makes for it and present it here; the issuer identifier is what the client checks the metadata against,
     * so it cannot be substituted that way. The draft asks clients to send a JSON string; an array of exactly one
     * element, the issuer, still has the issuer as its sole value and is accepted, since libraries (and RFC 7519
     * §4.1.3) produce both forms.
     */
    private JwtVerifier verifierFor(String clientId, String jwksJson) {
        return verifiers.get(new Registration(clientId, jwksJson), r -> {
            JWKSet set;
            try {
                set = JWKSet.parse(r.jwksJson());
            } catch (ParseException e) {
                set = new JWKSet();
            }
            return JwtVerifier.builder(VerificationKeys.of(set)).issuer(r.clientId()).soleAudience(issuer)
                    .algorithms(Set.copyOf(ALGORITHMS)).requiredClaims("sub", "exp", "jti").clock(clock)
                    .clockSkew(skew).lowS(false).maxLength(MAX_ASSERTION_LENGTH).tokenName("client assertion")
                    .build();
        });
    }

    /** RFC 7523 §3 leaves the lifetime to the server: at most five minutes; a jti of reasonable length. */
    private Instant checkLifetimeAndJti(VerifiedToken verified) {
        Instant exp = verified.expiresAt();
        if (exp.isAfter(clock.instant().plus(Duration.ofMinutes(MAX_LIFETIME_MINUTES)).plus(skew))) {
            throw invalid("the client assertion's exp must be at most " + MAX_LIFETIME_MINUTES + " minutes away");
        }
        String jti = verified.jti();
        if (jti.isEmpty() || jti.length() > 256) {
            throw invalid("the client assertion must have a jti of at most 256 characters");
        }
        return exp;
    }

    /** A failure that says nothing about whether the client exists or which key it has. */
    private static OAuthException failed(String detail) {
        return OAuthException.invalidClient("client authentication failed").withDetail(detail);
    }

    /** A failure of the assertion's form or claims, described to the client. */
    private static OAuthException invalid(String description) {
        return OAuthException.invalidClient(description);
    }
}
