package io.tokenbooth.server.session;

import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.verifier.JwtVerifier;
import io.tokenbooth.verifier.TokenRejectedException;
import io.tokenbooth.verifier.VerifiedToken;
import java.util.List;
import java.util.Optional;

/**
 * Checks an {@code id_token_hint} (OpenID Connect RP-Initiated Logout 1.0 §2) on the one verification path
 * ({@link JwtVerifier}, fed by the key ring): an ID token this server issued, its signature verified with one of our
 * published keys (chosen by {@code kid}, the algorithm on the allow-list: no {@code none}, no HMAC, no keys from the
 * token's headers), canonical form, {@code iss} exactly ours, {@code sub} and a non-empty {@code aud}. Times are not
 * checked: the spec expects expired ID tokens here. Access tokens ({@code typ: at+jwt}) are refused. Thread-safe.
 */
public final class IdTokenHintVerifier {
    private final JwtVerifier verifier;

    public IdTokenHintVerifier(KeyService keys, String issuer) {
        this.verifier = JwtVerifier.builder(keys.verificationKeys()).issuer(issuer).anyAudience()
                .anyTypeBut(AccessTokenMinter.AT_JWT).requiredClaims("sub").ignoreTimes().tokenName("ID token")
                .build();
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
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        try {
            VerifiedToken t = verifier.verify(token);
            return Optional.of(new IdTokenHint(t.subject(), t.audiences(),
                    Optional.ofNullable(t.claims().getStringClaim("azp"))));
        } catch (TokenRejectedException | java.text.ParseException e) {
            return Optional.empty();
        }
    }
}
