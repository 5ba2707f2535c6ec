package io.tokenbooth.server.token.status;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.SigningKey;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Status List Tokens in JWT format (draft-ietf-oauth-status-list §5.1): header {@code typ: statuslist+jwt}, claims
 * {@code sub} (the list's URI), {@code iss}, {@code iat}, {@code exp}, {@code ttl} and {@code status_list}
 * ({@code bits}, {@code lst}), signed with the issuer's current signing key (the keys of the JWKS). A signed token is
 * kept per list and reused until the list changes, the signing key changes or it is {@link #RESIGN_AFTER} old, so a
 * poll of an unchanged list costs a map lookup. Bounded: only live lists ({@link StatusListView}) are rendered or
 * kept. Thread-safe.
 */
public final class StatusListTokens {
    public static final JOSEObjectType STATUSLIST_JWT = new JOSEObjectType("statuslist+jwt");
    /** The HTTP media type (§14.2). */
    public static final String MEDIA_TYPE = "application/statuslist+jwt";
    /** {@code ttl}: consumers should fetch a fresh copy after a second (§13.7), the bound of a revocation's reach. */
    public static final Duration TTL = Duration.ofSeconds(1);
    /** {@code exp}: how long a copy may be trusted if the issuer cannot be reached. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    static final Duration RESIGN_AFTER = Duration.ofMinutes(1);

    /** A signed Status List Token and its entity tag. */
    public record Rendered(long version, String kid, Instant issuedAt, String jwt, String etag) {
    }

    private final StatusListView view;
    private final KeyService keys;
    private final Clock clock;
    private final String issuer;
    private final String algorithm;
    private final Map<Long, Rendered> rendered = new ConcurrentHashMap<>();

    public StatusListTokens(StatusListView view, KeyService keys, Clock clock, String issuer, String algorithm) {
        this.view = view;
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.algorithm = algorithm;
    }

    /** The current Status List Token of list {@code id}, or empty if there is no such live list. */
    public Optional<Rendered> token(long id) {
        Optional<StatusListView.Snapshot> snapshot = view.list(id);
        if (snapshot.isEmpty()) {
            rendered.remove(id);
            return Optional.empty();
        }
        StatusListView.Snapshot s = snapshot.get();
        Instant now = clock.instant();
        SigningKey key = keys.ring().signingKey(algorithm, now)
                .orElseThrow(() -> OAuthException.serverError("no active " + algorithm + " signing key"));
        Rendered r = rendered.get(id);
        if (r != null && r.version() == s.version() && r.kid().equals(key.kid())
                && now.isBefore(r.issuedAt().plus(RESIGN_AFTER))) {
            return Optional.of(r);
        }
        Rendered fresh = render(s, key, now);
        rendered.put(id, fresh);
        if (rendered.size() > view.ids().size() * 2 + 16) {
            rendered.keySet().removeIf(k -> view.list(k).isEmpty());
        }
        return Optional.of(fresh);
    }

    private Rendered render(StatusListView.Snapshot s, SigningKey key, Instant now) {
        String uri = StatusListUris.of(issuer, s.id());
        // Whole seconds: iat and exp are NumericDate (RFC 7519 §2).
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(uri)
                .issuer(issuer)
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(iat.plus(LIFETIME)))
                .claim("ttl", TTL.toSeconds())
                .claim("status_list", Map.of("bits", StatusListEncoding.BITS, "lst", StatusListEncoding.lst(s.bytes())))
                .build();
        String jwt = key.sign(STATUSLIST_JWT, claims);
        String etag = "\"" + s.id() + "-" + s.version() + "-" + iat.getEpochSecond() + "-" + key.kid().hashCode() + "\"";
        return new Rendered(s.version(), key.kid(), iat, jwt, etag);
    }

    public String issuer() {
        return issuer;
    }
}
