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
 * kept per list and reused until the list changes, the signing key changes or it is {@link #RESIGN_AFTER} old (half
 * its lifetime when that is shorter), so a
 * poll of an unchanged list costs a map lookup. Bounded: only live lists ({@link StatusListView}) are rendered or
 * kept. Thread-safe.
 */
public final class StatusListTokens {
    public static final JOSEObjectType STATUSLIST_JWT = new JOSEObjectType("statuslist+jwt");
    /** The HTTP media type (§14.2). */
    public static final String MEDIA_TYPE = "application/statuslist+jwt";
    /**
     * {@code ttl} by default ({@code status-list.ttl}): consumers should fetch a fresh copy after a second (§13.7), the
     * bound of a revocation's reach.
     */
    public static final Duration TTL = Duration.ofSeconds(1);
    /** {@code exp} by default ({@code status-list.lifetime}): how long a copy may be trusted if the issuer is away. */
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
    private final Duration ttl;
    private final Duration lifetime;
    private final Duration resignAfter;
    private final Map<Long, Rendered> rendered = new ConcurrentHashMap<>();

    /** With the default {@link #TTL} and {@link #LIFETIME}. */
    public StatusListTokens(StatusListView view, KeyService keys, Clock clock, String issuer, String algorithm) {
        this(view, keys, clock, issuer, algorithm, TTL, LIFETIME);
    }

    /**
     * @param ttl      the {@code ttl} claim (whole seconds), also the {@code Cache-Control} max-age of the endpoint
     * @param lifetime the {@code exp} claim after {@code iat}; a token is re-signed at the latest after half of it
     */
    public StatusListTokens(StatusListView view, KeyService keys, Clock clock, String issuer, String algorithm,
                            Duration ttl, Duration lifetime) {
        this.view = view;
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.algorithm = algorithm;
        this.ttl = ttl;
        this.lifetime = lifetime;
        Duration half = lifetime.dividedBy(2);
        this.resignAfter = half.compareTo(RESIGN_AFTER) < 0 ? half : RESIGN_AFTER;
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
                && now.isBefore(r.issuedAt().plus(resignAfter))) {
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
                .expirationTime(Date.from(iat.plus(lifetime)))
                .claim("ttl", ttl.toSeconds())
                .claim("status_list", Map.of("bits", StatusListEncoding.BITS, "lst", StatusListEncoding.lst(s.bytes())))
                .build();
        String jwt = key.sign(STATUSLIST_JWT, claims);
        String etag = "\"" + s.id() + "-" + s.version() + "-" + iat.getEpochSecond() + "-" + key.kid().hashCode() + "\"";
        return new Rendered(s.version(), key.kid(), iat, jwt, etag);
    }

    public String issuer() {
        return issuer;
    }

    /** How many lists have a signed token kept: never more than the live lists (and a few just purged). */
    int cachedLists() {
        return rendered.size();
    }

    /** The {@code ttl} claim: how long a consumer (or a shared cache) may keep a fetched list. */
    public Duration ttl() {
        return ttl;
    }
}
