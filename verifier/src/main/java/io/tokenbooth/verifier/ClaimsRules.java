package io.tokenbooth.verifier;

import com.nimbusds.jwt.JWTClaimsSet;
import io.tokenbooth.verifier.JwtVerifier.AudienceRule;
import io.tokenbooth.verifier.TokenRejectedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The claim rules of a {@link JwtVerifier}, checked after the signature, in the order Nimbus's
 * {@code DefaultJWTClaimsVerifier} checked them when it did this job (so the same token gets the same answer): the
 * audience (RFC 7519 §4.1.3: one of the accepted values; present, not empty and without nulls; the sole value when
 * asked), the required claims, {@code iss} exactly (RFC 8725 §3.8), {@code exp} and {@code nbf} with the clock skew
 * on the caller's clock, then {@code iss} when present for a verifier that does not require it, and {@code iat} not
 * in the future beyond the skew. Plain loops over a few strings: no sets built, no streams, no exception unless the
 * token is refused. Immutable; thread-safe.
 */
final class ClaimsRules {
    private final String issuer;
    private final boolean issuerRequired;
    private final AudienceRule audienceRule;
    private final String[] audiences;
    private final String[] required;
    private final Clock clock;
    private final long skewMillis;
    private final boolean checkTimes;
    private final String refused;
    private final String expired;

    ClaimsRules(String issuer, boolean issuerRequired, AudienceRule audienceRule, Set<String> audiences,
                Set<String> required, Clock clock, Duration skew, boolean checkTimes, String tokenName) {
        this.issuer = issuer;
        this.issuerRequired = issuerRequired;
        this.audienceRule = audienceRule;
        this.audiences = audiences.toArray(String[]::new);
        Set<String> all = new LinkedHashSet<>(required);
        if (issuerRequired) {
            all.add("iss");
        }
        if (audienceRule != AudienceRule.NONE) {
            all.add("aud");
        }
        this.required = all.toArray(String[]::new);
        this.clock = clock;
        this.skewMillis = skew.toSeconds() * 1000; // whole seconds, as documented on the builder
        this.checkTimes = checkTimes;
        this.refused = "the " + tokenName + "'s claims are not accepted: ";
        this.expired = "the " + tokenName + " has expired";
    }

    void check(JWTClaimsSet claims) throws TokenRejectedException {
        List<String> aud = claims.getAudience();
        if ((audienceRule == AudienceRule.ONE_OF || audienceRule == AudienceRule.SOLE) && !aud.isEmpty()
                && !containsAccepted(aud)) {
            throw claims("JWT audience rejected: " + aud);
        }
        for (String name : required) {
            if (claims.getClaim(name) == null) {
                throw claims("JWT missing required claim: " + name);
            }
        }
        String iss = claims.getIssuer();
        if (issuerRequired && !issuer.equals(iss)) {
            throw claims("JWT iss claim has value " + iss + ", must be " + issuer);
        }
        long now = checkTimes ? clock.millis() : 0;
        Date exp = claims.getExpirationTime();
        if (checkTimes && exp != null && exp.getTime() + skewMillis <= now) {
            throw new TokenRejectedException(Reason.EXPIRED, expired);
        }
        Date nbf = claims.getNotBeforeTime();
        if (checkTimes && nbf != null && nbf.getTime() - skewMillis >= now) {
            throw claims("JWT before use time");
        }
        if (!issuerRequired && iss != null && !issuer.equals(iss)) {
            throw claims("JWT iss claim has value " + iss + ", must be " + issuer);
        }
        if (audienceRule != AudienceRule.NONE && (aud.isEmpty() || aud.contains(null)
                || (audienceRule == AudienceRule.SOLE && aud.size() != 1))) {
            throw claims("JWT aud claim rejected");
        }
        Date iat = claims.getIssueTime();
        if (checkTimes && iat != null && iat.getTime() - skewMillis > now) {
            throw claims("JWT issued in the future");
        }
    }

    private boolean containsAccepted(List<String> aud) {
        for (int i = 0; i < aud.size(); i++) {
            String value = aud.get(i);
            for (String accepted : audiences) {
                if (accepted.equals(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private TokenRejectedException claims(String why) {
        return new TokenRejectedException(Reason.CLAIMS, refused + why);
    }
}
