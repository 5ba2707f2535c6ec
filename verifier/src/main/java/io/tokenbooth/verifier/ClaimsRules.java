package io.tokenbooth.verifier;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import io.tokenbooth.verifier.JwtVerifier.AudienceRule;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Nimbus's {@link DefaultJWTClaimsVerifier} (exact {@code iss}, accepted {@code aud}, required claims, {@code exp}
 * and {@code nbf} with the skew) on the caller's clock, plus what it does not check: {@code iat} not in the future
 * beyond the skew, an audience that is present and not empty, or the sole accepted value. Thread-safe.
 */
final class ClaimsRules extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final AudienceRule audienceRule;
    private final Clock clock;
    private final Duration skew;
    private final boolean checkTimes;

    private final String issuerIfPresent;

    ClaimsRules(String issuer, boolean issuerRequired, AudienceRule audienceRule, Set<String> audiences,
                Set<String> required, Clock clock, Duration skew, boolean checkTimes) {
        // HashSets: Nimbus asks them about null values, which Set.of answers with an exception.
        super(audienceRule == AudienceRule.ANY || audienceRule == AudienceRule.NONE ? null : new HashSet<>(audiences),
                issuerRequired ? new JWTClaimsSet.Builder().issuer(issuer).build() : null,
                audienceRule == AudienceRule.NONE ? new HashSet<>(required) : withAudience(required), null);
        setMaxClockSkew((int) skew.toSeconds());
        this.issuerIfPresent = issuerRequired ? null : issuer;
        this.audienceRule = audienceRule;
        this.clock = clock;
        this.skew = skew;
        this.checkTimes = checkTimes;
    }

    private static Set<String> withAudience(Set<String> required) {
        Set<String> all = new HashSet<>(required);
        all.add("aud");
        return all;
    }

    @Override
    protected Date currentTime() {
        return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        super.verify(checkTimes ? claims : withoutTimes(claims), context);
        if (issuerIfPresent != null && claims.getIssuer() != null && !issuerIfPresent.equals(claims.getIssuer())) {
            throw new BadJWTException("JWT iss claim has value " + claims.getIssuer() + ", must be " + issuerIfPresent);
        }
        List<String> aud = claims.getAudience();
        if (audienceRule == AudienceRule.NONE) {
            // No audience rule (a Status List Token has none); an aud, if present, is not checked.
        } else if (aud.isEmpty() || aud.stream().anyMatch(Objects::isNull) || (audienceRule == AudienceRule.SOLE && aud.size() != 1)) {
            throw new BadJWTException("JWT aud claim rejected");
        }
        Date iat = claims.getIssueTime();
        if (checkTimes && iat != null && iat.toInstant().minus(skew).isAfter(clock.instant())) {
            throw new BadJWTException("JWT issued in the future");
        }
    }

    /** The claims without {@code exp} and {@code nbf}, for a verifier that ignores times. */
    private static JWTClaimsSet withoutTimes(JWTClaimsSet claims) {
        return new JWTClaimsSet.Builder(claims).expirationTime(null).notBeforeTime(null).build();
    }
}
