package io.tokenbooth.server.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.SigningKey;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an {@code id_token_hint} (OpenID Connect RP-Initiated Logout 1.0 §2): an ID token this server issued, its
 * signature verified with one of our published keys (chosen by {@code kid}, the algorithm on an allow-list: no
 * {@code none}, no HMAC, no keys from the token's headers), {@code iss} exactly ours. Expiry is not checked: the
 * spec expects expired ID tokens here. Access tokens ({@code typ: at+jwt}) are refused. Thread-safe.
 */
public final class IdTokenHintVerifier {
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    private static final int MAX_LENGTH = 8192;

    private final KeyService keys;
    private final String issuer;

    public IdTokenHintVerifier(KeyService keys, String issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    /**
     * What a verified hint says.
     *
     * @param subject the account id
     * @param audience the client ids the token was issued to
     * @param authorizedParty the {@code azp} claim, when present
     */
    public record IdTokenHint(String subject, List<String> audience, Optional<String> authorizedParty) {
        /** The client the token was issued to: {@code azp}, else the single audience. */
        public Optional<String> clientId() {
            return authorizedParty.or(() -> audience.size() == 1 ? Optional.of(audience.get(0)) : Optional.empty());
        }
    }

    /** The verified hint, or empty when it is not an ID token issued and signed by this server. */
    public Optional<IdTokenHint> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            if (!ALLOWED.contains(header.getAlgorithm()) || new JOSEObjectType("at+jwt").equals(header.getType())) {
                return Optional.empty();
            }
            Optional<SigningKey> key = keys.ring().published(header.getKeyID())
                    .filter(k -> k.alg().equals(header.getAlgorithm().getName()));
            if (key.isEmpty() || !jwt.verify(key.get().verifier())) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            List<String> audience = claims.getAudience();
            if (!issuer.equals(claims.getIssuer()) || claims.getSubject() == null || audience == null || audience.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new IdTokenHint(claims.getSubject(), List.copyOf(audience),
                    Optional.ofNullable(claims.getStringClaim("azp"))));
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
