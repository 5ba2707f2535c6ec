package io.tokenbooth.verifier;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tokenbooth.verifier.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one JWT verification path (RFC 8725, RFC 9068 §4, RFC 7523 §3), from Nimbus parts and the JDK, in this order
 * (the first rule broken is the one reported):
 * <ol>
 * <li>the canonical compact serialisation only ({@link CompactJws}), at most {@code maxLength} characters: one token,
 * one accepted spelling;</li>
 * <li>the header and the claims, each base64url part decoded once ({@link Base64}) and parsed once (Nimbus's
 * {@link JSONObjectUtils}, {@link JWSHeader#parse(java.util.Map)}, {@link JWTClaimsSet#parse(java.util.Map)}: the
 * same parser and the same type rules as Nimbus's {@code SignedJWT});</li>
 * <li>an algorithm allow-list (default ES256, RS256, EdDSA; {@code none} and HMAC can never be allowed, so a public
 * key cannot serve as an HMAC secret), and no {@code crit} header (none is understood, RFC 7515 §4.1.11);</li>
 * <li>the JOSE {@code typ} (RFC 8725 §3.11);</li>
 * <li>the keys of the {@link VerificationKeys} (the pluggable part) for the header's {@code kid} that accept its
 * algorithm ({@link KeySelection}), each with its prepared verifier (low {@code s} only for ECDSA unless turned
 * off): the signature;</li>
 * <li>the claims ({@link ClaimsRules}): {@code aud}, required claims, {@code iss} (exact), {@code exp}, {@code nbf},
 * {@code iat} with the clock skew on the caller's clock.</li>
 * </ol>
 * Until 2026-12 this was Nimbus's {@code DefaultJWTProcessor}; the same rules without it cost less per token
 * (docs/performance.md, docs/decisions.md). The result is a {@link VerifiedToken} or a {@link TokenRejectedException}
 * saying why (RFC 6750 error code and description). Build with {@link #builder}. Immutable and thread-safe.
 */
public final class JwtVerifier {
    /** The default algorithm allow-list: what Tokenbooth signs with. */
    public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256,
            JWSAlgorithm.EdDSA);
    /** Longer tokens are refused before parsing. */
    public static final int DEFAULT_MAX_LENGTH = 8192;

    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    private final KeySelection keys;
    private final TypeRule type;
    private final ClaimsRules claimsRules;
    private final Set<JWSAlgorithm> algorithms;
    private final boolean lowS;
    private final int maxLength;
    private final String tokenName;

    private JwtVerifier(Builder b) {
        this.algorithms = Set.copyOf(b.algorithms);
        this.maxLength = b.maxLength;
        this.tokenName = b.tokenName;
        this.lowS = b.lowS;
        this.type = b.typeRule.named(tokenName);
        this.keys = new KeySelection(b.keys, algorithms);
        this.claimsRules = new ClaimsRules(b.issuer, b.issuerRequired, b.audienceRule, b.audiences,
                b.requiredClaims, b.clock, b.clockSkew, b.checkTimes, tokenName);
    }

    public static Builder builder(VerificationKeys keys) {
        return new Builder(keys);
    }

    /**
     * Verifies {@code token} by every rule of this verifier. Each base64url part is decoded once by the JDK and each
     * JSON part parsed once by Nimbus's parser; the signature is checked by the key's prepared verifier; no exception
     * is thrown or caught on the way to a success.
     */
    public VerifiedToken verify(String token) throws TokenRejectedException {
        if (!CompactJws.isCanonical(token, maxLength)) {
            throw reject(Reason.MALFORMED, "the " + tokenName + " is malformed");
        }
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        JWSHeader header;
        JWTClaimsSet claims;
        try {
            header = JWSHeader.parse(JSONObjectUtils.parse(decode(token, 0, first)));
            claims = JWTClaimsSet.parse(JSONObjectUtils.parse(decode(token, first + 1, second)));
        } catch (ParseException | IllegalArgumentException e) {
            throw reject(Reason.MALFORMED, "the " + tokenName + " is malformed");
        }
        if (!algorithms.contains(header.getAlgorithm())) {
            throw reject(Reason.ALGORITHM, "the " + tokenName + "'s algorithm is not accepted");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw reject(Reason.HEADER, "the " + tokenName + " has a critical header parameter that is not understood");
        }
        if (!type.accepts(header.getType())) {
            throw reject(Reason.TYPE, type.wrongType());
        }
        List<VerificationKey> candidates;
        try {
            candidates = keys.select(header);
        } catch (KeySourceException e) {
            candidates = List.of(); // the source cannot answer now (a remote JWKS that is down)
        }
        if (candidates.isEmpty()) {
            throw reject(Reason.UNKNOWN_KEY, "the " + tokenName + "'s signing key is unknown");
        }
        if (!signatureVerifies(header, token, second, candidates)) {
            throw reject(Reason.SIGNATURE, "the " + tokenName + "'s signature is invalid");
        }
        claimsRules.check(claims);
        try {
            return VerifiedToken.of(header.getKeyID(), claims);
        } catch (ParseException e) {
            throw reject(Reason.MALFORMED, "the " + tokenName + " has a claim of the wrong type");
        }
    }

    /** The UTF-8 text that {@code token[from, to)} (canonical base64url, RFC 7515 §2) encodes. */
    private static String decode(String token, int from, int to) {
        byte[] bytes = URL_DECODER.decode(token.substring(from, to));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Whether one of the candidates verifies the signature over {@code token[0, second)} (RFC 7515 §5.2). A
     * verifier that fails (a JCA provider refusing a malformed signature) counts as "does not verify".
     */
    private boolean signatureVerifies(JWSHeader header, String token, int second, List<VerificationKey> candidates) {
        byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = URL_DECODER.decode(token.substring(second + 1));
        for (VerificationKey key : candidates) {
            try {
                if (key.verifies(header.getAlgorithm(), lowS, signingInput, signature)) {
                    return true;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // Not a valid signature by this key; the next candidate may still verify it.
            }
        }
        return false;
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

    /**
     * What {@code typ} may be (RFC 8725 §3.11): one of {@code allowed} (null: anything, or absent) and never
     * {@code refused}. {@link JOSEObjectType} compares case-insensitively (RFC 7515 §4.1.9).
     */
    private record TypeRule(Set<JOSEObjectType> allowed, JOSEObjectType refused, String wrongType) {
        TypeRule named(String tokenName) {
            return new TypeRule(allowed, refused, "the " + tokenName + "'s typ must " + (refused != null
                    ? "not be " + refused : allowed != null ? "be " + allowed.iterator().next() : "be anything"));
        }

        boolean accepts(JOSEObjectType type) {
            if (refused != null && refused.equals(type)) {
                return false;
            }
            return allowed == null || (type != null && allowed.contains(type));
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
        private TypeRule typeRule = new TypeRule(null, null, null);
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
            this.typeRule = new TypeRule(Set.of(type), null, null);
            return this;
        }

        /** {@code typ} may be anything (or absent) but {@code refused}. */
        public Builder anyTypeBut(JOSEObjectType refused) {
            this.typeRule = new TypeRule(null, refused, null);
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
