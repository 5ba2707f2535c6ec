package io.tokenbooth.verifier;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.tokenbooth.verifier.TokenRejectedException.Reason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one JWT verification path (RFC 8725, RFC 9068 §4, RFC 7523 §3), composed from Nimbus parts:
 * <ol>
 * <li>the canonical compact serialisation only ({@link CompactJws}), at most {@code maxLength} characters: one token,
 * one accepted spelling;</li>
 * <li>an algorithm allow-list (default ES256, RS256, EdDSA; {@code none} and HMAC can never be allowed, so a public
 * key cannot serve as an HMAC secret), and no {@code crit} header (none is understood, RFC 7515 §4.1.11);</li>
 * <li>{@link DefaultJWTProcessor} with a JOSE {@code typ} verifier (RFC 8725 §3.11), a key selector over the
 * {@link VerificationKeys} (the pluggable part) that applies the allow-list again, a verifier factory that hands out
 * each key's prepared verifier (low {@code s} only for ECDSA unless turned off), and a
 * {@link com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier} for {@code iss} (exact), {@code aud}, required claims,
 * {@code exp} and {@code nbf} with the clock skew on the caller's clock, extended with {@code iat} not in the future
 * and the audience rules Nimbus lacks (non-empty, sole).</li>
 * </ol>
 * The result is a {@link VerifiedToken} or a {@link TokenRejectedException} saying why (RFC 6750 error code and
 * description). Build with {@link #builder}. Immutable and thread-safe.
 */
public final class JwtVerifier {
    /** The default algorithm allow-list: what Tokenbooth signs with. */
    public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256,
            JWSAlgorithm.EdDSA);
    /** Longer tokens are refused before parsing. */
    public static final int DEFAULT_MAX_LENGTH = 8192;

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Set<JWSAlgorithm> algorithms;
    private final int maxLength;
    private final String tokenName;

    private JwtVerifier(Builder b) {
        this.algorithms = Set.copyOf(b.algorithms);
        this.maxLength = b.maxLength;
        this.tokenName = b.tokenName;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new TypeVerifier(b.typeRule, tokenName));
        processor.setJWSKeySelector(new KeySelection(b.keys, algorithms, b.lowS));
        processor.setJWSVerifierFactory(new KeySelection.PreparedVerifiers());
        processor.setJWTClaimsSetVerifier(new ClaimsRules(b.issuer, b.issuerRequired, b.audienceRule, b.audiences,
                b.requiredClaims, b.clock, b.clockSkew, b.checkTimes));
    }

    public static Builder builder(VerificationKeys keys) {
        return new Builder(keys);
    }

    /** Verifies {@code token} by every rule of this verifier. */
    public VerifiedToken verify(String token) throws TokenRejectedException {
        if (!CompactJws.isCanonical(token, maxLength)) {
            throw reject(Reason.MALFORMED, "the " + tokenName + " is malformed");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet(); // parsed once; the processor reuses it
        } catch (ParseException e) {
            throw reject(Reason.MALFORMED, "the " + tokenName + " is malformed");
        }
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            throw reject(Reason.ALGORITHM, "the " + tokenName + "'s algorithm is not accepted");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw reject(Reason.HEADER, "the " + tokenName + " has a critical header parameter that is not understood");
        }
        try {
            processor.process(jwt, null);
            return VerifiedToken.of(header.getKeyID(), claims);
        } catch (TypeVerifier.WrongType e) {
            throw reject(Reason.TYPE, e.getMessage());
        } catch (ExpiredJWTException e) {
            throw reject(Reason.EXPIRED, "the " + tokenName + " has expired");
        } catch (BadJWTException e) {
            throw reject(Reason.CLAIMS, "the " + tokenName + "'s claims are not accepted: " + e.getMessage());
        } catch (BadJWSException e) {
            throw reject(Reason.SIGNATURE, "the " + tokenName + "'s signature is invalid");
        } catch (BadJOSEException | KeySourceException e) {
            // "no matching key(s) found": the selector found no key for this kid and algorithm.
            throw reject(Reason.UNKNOWN_KEY, "the " + tokenName + "'s signing key is unknown");
        } catch (JOSEException e) {
            throw reject(Reason.SIGNATURE, "the " + tokenName + "'s signature is invalid");
        } catch (ParseException e) {
            throw reject(Reason.MALFORMED, "the " + tokenName + " has a claim of the wrong type");
        }
    }

    private static TokenRejectedException reject(Reason reason, String description) {
        return new TokenRejectedException(reason, description);
    }

    /** How {@code aud} is checked. */
    enum AudienceRule {
        /** Contains one of the accepted values. */
        ONE_OF,
        /** Present and not empty; any value. */
        ANY,
        /** Exactly one value, the accepted one (RFC 7523 §3 as draft-ietf-oauth-rfc7523bis tightens it). */
        SOLE,
        /** Not checked, not required (a Status List Token is addressed to nobody in particular). */
        NONE
    }

    /** What {@code typ} may be. */
    private record TypeRule(Set<JOSEObjectType> allowed, JOSEObjectType refused) {
    }

    /** Checks the JOSE {@code typ} header; a failure is recognisable as such (not a message to parse). */
    private static final class TypeVerifier implements JOSEObjectTypeVerifier<SecurityContext> {
        private final JOSEObjectTypeVerifier<SecurityContext> allowed;
        private final JOSEObjectType refused;
        private final String wrongType;

        TypeVerifier(TypeRule rule, String tokenName) {
            // A HashSet: Nimbus asks it whether it contains null (no typ), which Set.of answers with an exception.
            this.allowed = rule.allowed() == null ? null
                    : new DefaultJOSEObjectTypeVerifier<>(new HashSet<>(rule.allowed()));
            this.refused = rule.refused();
            this.wrongType = "the " + tokenName + "'s typ must " + (refused != null ? "not be " + refused
                    : allowed != null ? "be " + rule.allowed().iterator().next() : "be anything");
        }

        @Override
        public void verify(JOSEObjectType type, SecurityContext context) throws BadJOSEException {
            if (refused != null && refused.equals(type)) {
                throw new WrongType(wrongType);
            }
            if (allowed != null) {
                try {
                    allowed.verify(type, context);
                } catch (BadJOSEException e) {
                    throw new WrongType(wrongType);
                }
            }
        }

        static final class WrongType extends BadJOSEException {
            private static final long serialVersionUID = 1L;

            WrongType(String message) {
                super(message);
            }
        }
    }

    /**
     * The rules of one kind of token. Required: {@link #issuer}. Defaults: algorithms ES256, RS256, EdDSA; no
     * {@code typ} rule; audience: present and not empty; required claims {@code iss} (and {@code aud} by the audience
     * rule); the system UTC clock; 60 s skew; times checked; low {@code s} required; 8,192 characters at most.
     */
    public static final class Builder {
        private final VerificationKeys keys;
        private String issuer;
        private boolean issuerRequired = true;
        private AudienceRule audienceRule = AudienceRule.ANY;
        private Set<String> audiences = Set.of();
        private TypeRule typeRule = new TypeRule(null, null);
        private final Set<String> requiredClaims = new LinkedHashSet<>(List.of("iss"));
        private Set<JWSAlgorithm> algorithms = DEFAULT_ALGORITHMS;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(60);
        private boolean checkTimes = true;
        private boolean lowS = true;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private String tokenName = "access token";

        private Builder(VerificationKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /** The exact {@code iss} (RFC 8725 §3.8: compared as a string). */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /**
         * {@code iss}, when the token has one, must be exactly {@code issuer}; a token without {@code iss} passes (a
         * Status List Token need not name its issuer: draft-ietf-oauth-status-list §5.1).
         */
        public Builder issuerIfPresent(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.issuerRequired = false;
            requiredClaims.remove("iss");
            return this;
        }

        /** {@code aud} is neither required nor checked (a Status List Token). */
        public Builder noAudience() {
            this.audienceRule = AudienceRule.NONE;
            this.audiences = Set.of();
            return this;
        }

        /** {@code aud} must contain at least one of {@code accepted} (RFC 7519 §4.1.3). */
        public Builder audience(String... accepted) {
            if (accepted.length == 0) {
                throw new IllegalArgumentException("at least one audience");
            }
            this.audienceRule = AudienceRule.ONE_OF;
            this.audiences = Set.of(accepted);
            return this;
        }

        /** {@code aud} must be present and not empty, with any value (the issuer answering about its own tokens). */
        public Builder anyAudience() {
            this.audienceRule = AudienceRule.ANY;
            this.audiences = Set.of();
            return this;
        }

        /** {@code aud} must be exactly {@code sole}, as a string or a one-element array. */
        public Builder soleAudience(String sole) {
            this.audienceRule = AudienceRule.SOLE;
            this.audiences = Set.of(sole);
            return this;
        }

        /** {@code typ} must be exactly {@code type} (RFC 8725 §3.11; {@code at+jwt} for RFC 9068 access tokens). */
        public Builder type(JOSEObjectType type) {
            this.typeRule = new TypeRule(Set.of(type), null);
            return this;
        }

        /** {@code typ} may be anything (or absent) but {@code refused}. */
        public Builder anyTypeBut(JOSEObjectType refused) {
            this.typeRule = new TypeRule(null, refused);
            return this;
        }

        /** Claims that must be present, beyond {@code iss} (and {@code aud} unless the audience rule is none). */
        public Builder requiredClaims(String... names) {
            requiredClaims.addAll(List.of(names));
            return this;
        }

        /** The accepted algorithms; {@code none} and HMAC are refused here, whatever the caller asks. */
        public Builder algorithms(Set<JWSAlgorithm> allowed) {
            for (JWSAlgorithm a : allowed) {
                if (Algorithm.NONE.equals(a) || JWSAlgorithm.Family.HMAC_SHA.contains(a)) {
                    throw new IllegalArgumentException(a + " is never an accepted algorithm");
                }
            }
            this.algorithms = Set.copyOf(allowed);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Tolerance for {@code exp}, {@code nbf} and {@code iat}, in whole seconds. */
        public Builder clockSkew(Duration skew) {
            if (skew.isNegative()) {
                throw new IllegalArgumentException("negative clock skew");
            }
            this.clockSkew = skew;
            return this;
        }

        /**
         * Skips {@code exp}, {@code nbf} and {@code iat}: for a token kept as evidence of who it was issued to, such
         * as an {@code id_token_hint}, which may have expired (OpenID Connect RP-Initiated Logout 1.0 §2).
         */
        public Builder ignoreTimes() {
            this.checkTimes = false;
            return this;
        }

        /**
         * Whether an ECDSA signature must have the low {@code s} (default on: Tokenbooth signs only those, see
         * {@link EcdsaLowS}). Off for tokens signed by others, whose libraries do not normalise {@code s}.
         */
        public Builder lowS(boolean required) {
            this.lowS = required;
            return this;
        }

        public Builder maxLength(int chars) {
            this.maxLength = chars;
            return this;
        }

        /** What the descriptions call the token ("access token", "client assertion"). */
        public Builder tokenName(String name) {
            this.tokenName = Objects.requireNonNull(name, "name");
            return this;
        }

        public JwtVerifier build() {
            if (issuer == null) {
                throw new IllegalStateException("an issuer is required");
            }
            return new JwtVerifier(this);
        }
    }
}
