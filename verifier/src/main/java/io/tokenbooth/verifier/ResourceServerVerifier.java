package io.tokenbooth.verifier;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The resource-server library: verifies the access tokens of one issuer for one audience. Configured with the
 * issuer URL and its own audience; {@link Builder#build()} reads the issuer's discovery document. Composition:
 * <ul>
 * <li>keys: {@link RemoteJwks} (the JWKS from {@code jwks_uri}, cached, refetched on an unknown {@code kid} at most
 * once per {@link Builder#jwksRefetchInterval}, and refreshed by the scheduler every {@link Builder#jwksRefreshInterval}
 * so a key the issuer withdrew stops verifying);</li>
 * <li>rules: the one {@link JwtVerifier} (algorithm allow-list without {@code none} or HMAC, {@code typ: at+jwt},
 * exact {@code iss}, {@code aud} containing the audience, {@code exp}/{@code nbf}/{@code iat} with the skew,
 * {@code sub}, {@code jti}, {@code exp}, {@code iat} required);</li>
 * <li>status: {@link StatusLists} (the token's {@code status.status_list}, followed and polled with
 * {@code If-None-Match}; fail closed past {@link Builder#maxStatusStaleness});</li>
 * <li>a cache of verified tokens ({@link VerifiedTokenCache}) keyed by the exact token string: a token seen before
 * skips parsing and the signature, but its {@code exp}, status bit and scopes are checked on every call.</li>
 * </ul>
 * Thread-safe. One scheduler thread (polls, JWKS refresh); {@link #close()} stops it.
 */
public final class ResourceServerVerifier implements AutoCloseable {
    private final JwtVerifier accessTokens;
    private final StatusLists statusLists;
    private final RemoteJwks jwks;
    private final VerifiedTokenCache cache;
    private final String issuerPrefix;
    private final Clock clock;
    private final long skewSeconds;
    private final ScheduledExecutorService scheduler;

    private ResourceServerVerifier(Builder b, IssuerHttp http, Discovery discovery) {
        this.clock = b.clock;
        this.skewSeconds = b.clockSkew.toSeconds();
        this.issuerPrefix = Discovery.trimSlash(b.issuer) + "/";
        this.jwks = new RemoteJwks(http, discovery.jwksUri(), b.jwksRefetchInterval, System::nanoTime);
        this.accessTokens = JwtVerifier.builder(jwks).issuer(b.issuer).audience(b.audience)
                .type(new JOSEObjectType("at+jwt")).requiredClaims("sub", "jti", "exp", "iat")
                .algorithms(b.algorithms).clock(b.clock).clockSkew(b.clockSkew).lowS(false).build();
        JwtVerifier listTokens = JwtVerifier.builder(jwks).issuerIfPresent(b.issuer).noAudience()
                .type(new JOSEObjectType("statuslist+jwt")).requiredClaims("sub", "iat")
                .algorithms(b.algorithms).clock(b.clock).clockSkew(b.clockSkew).lowS(false)
                .maxLength(StatusListToken.MAX_BYTES).tokenName("status list token").build();
        this.statusLists = new StatusLists(http, listTokens, b.clock, b.maxStatusStaleness, b.clockSkew,
                b.forgetListAfter, b.maxFollowedLists);
        this.cache = b.cacheSize > 0 ? new VerifiedTokenCache(b.cacheSize) : null;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tokenbooth-verifier");
            t.setDaemon(true);
            return t;
        });
        long poll = b.statusPollInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::pollQuietly, poll, poll, TimeUnit.MILLISECONDS);
        long refresh = b.jwksRefreshInterval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> jwks.refresh(null, true), 0, refresh, TimeUnit.MILLISECONDS);
    }

    /** A builder for the verifier of {@code issuer}'s tokens (its exact {@code iss}, e.g. {@code http://127.0.0.1:8080}). */
    public static Builder builder(String issuer) {
        return new Builder(issuer);
    }

    private void pollQuietly() {
        try {
            statusLists.poll();
        } catch (RuntimeException e) {
            // The next tick tries again; a scheduler task that throws would never run again.
        }
    }

    /** Verifies {@code token} (the bearer value, without "Bearer ") and that it carries every scope in {@code scopes}. */
    public VerifiedToken verify(String token, String... scopes) throws TokenRejectedException {
        if (token == null) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "the access token is missing");
        }
        VerifiedTokenCache.Entry hit = cache == null ? null : cache.get(token);
        if (hit == null || clock.millis() / 1000 > hit.expiresAtSecond() + skewSeconds) {
            hit = verifyNew(token); // an expired hit goes the full way and is refused there
        }
        if (hit.status() != null) {
            statusLists.check(hit.status());
        }
        VerifiedToken verified = hit.verified();
        for (String scope : scopes) {
            if (!verified.hasScope(scope)) {
                throw TokenRejectedException.insufficientScope(missing(verified, scopes), scopes);
            }
        }
        return verified;
    }

    private VerifiedTokenCache.Entry verifyNew(String token) throws TokenRejectedException {
        VerifiedToken verified = accessTokens.verify(token);
        StatusReference status = StatusReference.of(verified, issuerPrefix);
        Instant exp = verified.expiresAt();
        VerifiedTokenCache.Entry entry = new VerifiedTokenCache.Entry(token, verified, status, exp.getEpochSecond());
        if (cache != null) {
            cache.put(entry);
        }
        return entry;
    }

    private static String missing(VerifiedToken verified, String... scopes) {
        List<String> lacking = new ArrayList<>();
        for (String s : scopes) {
            if (!verified.hasScope(s)) {
                lacking.add(s);
            }
        }
        return "the access token lacks the scope" + (lacking.size() == 1 ? " " : "s ") + String.join(" ", lacking);
    }

    /**
     * How old the status data is: the age of the oldest confirmation among the followed lists (zero when none is
     * followed). Past {@link Builder#maxStatusStaleness} tokens on that list are refused.
     */
    public Duration statusStaleness() {
        return statusLists.staleness();
    }

    /** Stops the scheduler. Verifications still work, with the keys and status data already fetched. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /**
     * Configuration. Required: the issuer (given) and {@link #audience}. Defaults: status polled every 1 s, refused
     * past 30 s of staleness, 60 s clock skew, ES256/RS256/EdDSA, JWKS refetch on an unknown {@code kid} at most
     * every 10 s and refreshed every 5 min, 5 s HTTP timeout, 10,000 cached tokens, 1,000 followed lists, a list
     * forgotten after 10 min unused.
     */
    public static final class Builder {
        private final String issuer;
        private String audience;
        private Duration statusPollInterval = Duration.ofSeconds(1);
        private Duration maxStatusStaleness = Duration.ofSeconds(30);
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration jwksRefetchInterval = Duration.ofSeconds(10);
        private Duration jwksRefreshInterval = Duration.ofMinutes(5);
        private Duration httpTimeout = Duration.ofSeconds(5);
        private Duration forgetListAfter = Duration.ofMinutes(10);
        private Set<JWSAlgorithm> algorithms = JwtVerifier.DEFAULT_ALGORITHMS;
        private Clock clock = Clock.systemUTC();
        private int cacheSize = 10_000;
        private int maxFollowedLists = 1_000;

        private Builder(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
        }

        /** This resource server's audience: a token's {@code aud} must contain it. Required. */
        public Builder audience(String audience) {
            this.audience = Objects.requireNonNull(audience, "audience");
            return this;
        }

        /** How often the followed status lists are asked for (with {@code If-None-Match}); default 1 s. */
        public Builder statusPollInterval(Duration interval) {
            this.statusPollInterval = positive(interval, "statusPollInterval");
            return this;
        }

        /** Past this age of the status data, tokens on that list are refused (fail closed); default 30 s. */
        public Builder maxStatusStaleness(Duration max) {
            this.maxStatusStaleness = positive(max, "maxStatusStaleness");
            return this;
        }

        /** Tolerance for {@code exp}, {@code nbf} and {@code iat}; default 60 s. */
        public Builder clockSkew(Duration skew) {
            if (skew.isNegative()) {
                throw new IllegalArgumentException("negative clock skew");
            }
            this.clockSkew = skew;
            return this;
        }

        /** An unknown {@code kid} fetches the JWKS again at most once per this interval; default 10 s. */
        public Builder jwksRefetchInterval(Duration interval) {
            this.jwksRefetchInterval = Objects.requireNonNull(interval, "jwksRefetchInterval");
            return this;
        }

        /** The JWKS is fetched again this often in any case (a withdrawn key stops verifying); default 5 min. */
        public Builder jwksRefreshInterval(Duration interval) {
            this.jwksRefreshInterval = positive(interval, "jwksRefreshInterval");
            return this;
        }

        /** Connect and request timeout for every call to the issuer; default 5 s. */
        public Builder httpTimeout(Duration timeout) {
            this.httpTimeout = positive(timeout, "httpTimeout");
            return this;
        }

        /** A status list no token has named for this long is no longer followed; default 10 min. */
        public Builder forgetListAfter(Duration after) {
            this.forgetListAfter = positive(after, "forgetListAfter");
            return this;
        }

        /** At most this many status lists are followed at once; default 1,000. */
        public Builder maxFollowedLists(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxFollowedLists must be at least 1");
            }
            this.maxFollowedLists = max;
            return this;
        }

        /** The accepted algorithms; {@code none} and HMAC are refused whatever is asked. */
        public Builder algorithms(Set<JWSAlgorithm> allowed) {
            JwtVerifier.builder(h -> List.of()).algorithms(allowed); // the same refusal of none and HMAC
            this.algorithms = Set.copyOf(allowed);
            return this;
        }

        /** How many verified tokens are remembered (0: none); default 10,000. */
        public Builder cacheSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("negative cache size");
            }
            this.cacheSize = size;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Reads the issuer's discovery document (its {@code issuer} must be exactly the configured one) and starts
         * the scheduler. UncheckedIOException when the document cannot be read or does not match.
         */
        public ResourceServerVerifier build() {
            if (audience == null) {
                throw new IllegalStateException("an audience is required");
            }
            IssuerHttp http = new IssuerHttp(httpTimeout);
            try {
                return new ResourceServerVerifier(this, http, Discovery.read(http, issuer));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the discovery document of " + issuer + ": "
                        + e.getMessage(), e);
            }
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
