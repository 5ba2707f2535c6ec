package io.tokenbooth.server.oauth.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.oauth.OAuthException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 §2.2 and §3, OpenID Connect Core §9): a JWT signed by the
 * client with a key from its registered JWK set.
 * <ul>
 * <li>asymmetric algorithms only (RS, PS, ES families): never {@code none}, never HMAC, so a secret cannot stand in
 * for a key;</li>
 * <li>keys only from the client's registered {@code jwks}; {@code jku}, {@code x5u} and embedded {@code jwk} headers
 * are never followed; a {@code kid} header selects among the registered keys;</li>
 * <li>{@code iss} = {@code sub} = the client id; {@code aud} is the issuer identifier and nothing else (see
 * {@link #checkAudience});</li>
 * <li>{@code exp} required, in the future and at most {@value #MAX_LIFETIME_MINUTES} minutes away; {@code nbf} and
 * {@code iat} not in the future (all with the configured clock skew);</li>
 * <li>{@code jti} required and accepted once per client until the assertion expires.</li>
 * </ul>
 * Every failure is {@code invalid_client}. Thread-safe.
 */
public final class ClientAssertionVerifier {
    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** The algorithms accepted, also published as {@code token_endpoint_auth_signing_alg_values_supported}. */
    public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final Set<JWSAlgorithm> ALLOWED = Set.copyOf(ALGORITHMS);
    private static final int MAX_LIFETIME_MINUTES = 5;
    private static final int MAX_ASSERTION_LENGTH = 8192;
    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_PARSED_JWKS = 10_000;

    private final ClientService clients;
    private final ClientAssertionJtiStore jtis;
    private final Clock clock;
    private final String issuer;
    private final Duration skew;
    /**
     * Parsed registered key sets, keyed by their JSON (a changed registration is a new key), at most
     * {@value #MAX_PARSED_JWKS} with Caffeine's frequency-aware eviction: never cleared whole (issue 6).
     */
    private final Cache<String, JWKSet> parsedJwks = Caffeine.newBuilder().maximumSize(MAX_PARSED_JWKS).build();

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
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("client_assertion is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALLOWED.contains(header.getAlgorithm())) {
            throw invalid("client_assertion must be signed with an asymmetric algorithm: " + ALGORITHMS);
        }
        String clientId = claims.getIssuer();
        if (clientId == null || !clientId.equals(claims.getSubject())) {
            throw invalid("client_assertion must have iss and sub equal to the client id");
        }
        if (clientIdParameter.isPresent() && !clientIdParameter.get().equals(clientId)) {
            throw invalid("client_id does not match the client assertion");
        }
        Client client = clients.find(clientId).orElseThrow(() -> failed("unknown client"));
        if (client.authMethod() != AuthMethod.PRIVATE_KEY_JWT || client.jwks().isEmpty()) {
            throw failed("the client is not registered for private_key_jwt");
        }
        if (!signatureVerifies(jwt, client.jwks().get())) {
            throw failed("the client assertion's signature does not verify with the client's registered keys");
        }
        Instant exp = checkClaims(claims);
        if (!jtis.markUsed(clientId, claims.getJWTID(), exp.plus(skew), clock.instant())) {
            throw invalid("the client assertion has been used before");
        }
        return client;
    }

    private Instant checkClaims(JWTClaimsSet claims) {
        checkAudience(claims);
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("the client assertion must have exp");
        }
        if (!exp.toInstant().plus(skew).isAfter(now)) {
            throw invalid("the client assertion has expired");
        }
        if (exp.toInstant().isAfter(now.plus(Duration.ofMinutes(MAX_LIFETIME_MINUTES)).plus(skew))) {
            throw invalid("the client assertion's exp must be at most " + MAX_LIFETIME_MINUTES + " minutes away");
        }
        if (inFuture(claims.getNotBeforeTime(), now) || inFuture(claims.getIssueTime(), now)) {
            throw invalid("the client assertion is not valid yet");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty() || jti.length() > 256) {
            throw invalid("the client assertion must have a jti of at most 256 characters");
        }
        return exp.toInstant();
    }

    /**
     * draft-ietf-oauth-rfc7523bis (updating RFC 7523 §3 and OpenID Connect Core §9 after the 2025
     * audience-injection findings): the authorization server MUST reject an assertion that does not have its issuer
     * identifier as its sole audience value, compared as simple strings (RFC 3986 §6.2.1). An endpoint URL, once
     * allowed, is refused: a malicious server can advertise our token endpoint as its own, collect the assertion a
     * client makes for it and present it here; the issuer identifier is what the client checks the metadata against,
     * so it cannot be substituted that way. The draft asks clients to send a JSON string; an array of exactly one
     * element, the issuer, still has the issuer as its sole value and is accepted, since libraries (and RFC 7519
     * §4.1.3) produce both forms.
     */
    private void checkAudience(JWTClaimsSet claims) {
        List<String> aud = claims.getAudience();
        if (aud == null || aud.size() != 1 || !issuer.equals(aud.get(0))) {
            throw invalid("the client assertion's aud must be the issuer identifier " + issuer + " and nothing else");
        }
    }

    private boolean inFuture(Date time, Instant now) {
        return time != null && time.toInstant().minus(skew).isAfter(now);
    }

    private boolean signatureVerifies(SignedJWT jwt, String jwksJson) {
        JWKSet set = parsedJwks.get(jwksJson, json -> {
            try {
                return JWKSet.parse(json);
            } catch (ParseException e) {
                return new JWKSet();
            }
        });
        for (JWSVerifier verifier : candidates(set, jwt.getHeader())) {
            try {
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // A key unfit for this algorithm: try the next one.
            }
        }
        return false;
    }

    private static List<JWSVerifier> candidates(JWKSet set, JWSHeader header) {
        JWSAlgorithm alg = header.getAlgorithm();
        String kid = header.getKeyID();
        List<JWSVerifier> out = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            if ((kid != null && !kid.equals(key.getKeyID())) || (key.getKeyUse() != null && key.getKeyUse() != KeyUse.SIGNATURE)
                    || (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg))) {
                continue;
            }
            try {
                if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
                    out.add(new RSASSAVerifier(rsa.toRSAPublicKey()));
                } else if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECKey ec
                        && Curve.forJWSAlgorithm(alg).contains(ec.getCurve())) {
                    out.add(new ECDSAVerifier(ec.toECPublicKey()));
                }
            } catch (JOSEException e) {
                // An unusable registered key: skip it.
            }
        }
        return out;
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
