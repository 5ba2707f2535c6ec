package io.tokenbooth.server.oauth.authorize.pending;

import io.tokenbooth.server.http.RateLimiter;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorization.Authenticated;
import io.tokenbooth.server.token.OpaqueTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Authorization requests kept server-side while the user is on our pages. The id in the pages and the browser's
 * binding cookie are each 256 random bits; only their SHA-256 hashes are stored, so a database leak resumes nothing.
 * A request is usable for {@code ttl} ({@code oauth.pending-request-ttl}), only from the browser that started it,
 * and until it is completed, once. Creating one costs a token from its source's budget
 * ({@code rate-limit.authorize-per-ip}), and one browser holds at most {@link #MAX_PER_BROWSER}: an anonymous GET
 * creates a row, so both are bounded. Thread-safe; state lives in the database only, so any node resumes any request.
 */
public final class PendingAuthorizations {
    /** Requests one browser may have waiting; starting another drops its oldest (many open tabs, never a flood). */
    public static final int MAX_PER_BROWSER = 20;
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final PendingAuthorizationStore store;
    private final RateLimiter perSource;
    private final Clock clock;
    private final Duration ttl;

    public PendingAuthorizations(PendingAuthorizationStore store, RateLimiter perSource, Clock clock, Duration ttl) {
        this.store = store;
        this.perSource = perSource;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Refused: the source started too many requests; try again after {@code retryAfter}. */
    public static final class TooManyRequests extends RuntimeException {
        private final Duration retryAfter;

        TooManyRequests(Duration retryAfter) {
            super("too many pending authorization requests from this source", null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** A new browser binding: the value of the cookie that ties pending requests to this browser. */
    public static String newBinding() {
        return OpaqueTokens.generate();
    }

    /** Whether a cookie or form value has the shape of an id or binding this server generates. */
    public static boolean wellFormed(String value) {
        return value != null && VALUE.matcher(value).matches();
    }

    /**
     * Stores a validated request for the browser holding {@code binding}, with the progress made so far; returns the
     * id for the pages (never stored).
     *
     * @throws TooManyRequests when {@code source} has started too many
     * @throws OAuthException {@code invalid_request} when the parameters are too large to keep
     */
    public String start(String clientId, Map<String, List<String>> parameters, Optional<Authenticated> authenticated,
                        String binding, String source) {
        if (ParametersJson.encode(parameters).length() > ParametersJson.MAX_CHARS) {
            throw OAuthException.invalidRequest("the authorization request is too large");
        }
        try {
            perSource.acquire(source);
        } catch (OAuthException e) {
            throw new TooManyRequests(e.retryAfter().orElse(Duration.ofMinutes(1)));
        }
        String id = OpaqueTokens.generate();
        Instant now = clock.instant();
        store.create(new PendingAuthorization(OpaqueTokens.hash(id), OpaqueTokens.hash(binding), clientId, parameters,
                authenticated, now, now.plus(ttl), Optional.empty()), MAX_PER_BROWSER);
        return id;
    }

    /**
     * The request behind {@code id}, if it is usable now and was started by the browser holding {@code binding};
     * empty when either value is malformed, or the request is unknown, expired, completed, or another browser's.
     */
    public Optional<PendingAuthorization> resume(String id, String binding) {
        if (!wellFormed(id) || !wellFormed(binding)) {
            return Optional.empty();
        }
        return store.find(OpaqueTokens.hash(id))
                .filter(p -> p.usableAt(clock.instant()))
                .filter(p -> sameHash(p.bindingHash(), OpaqueTokens.hash(binding)));
    }

    /** Records that {@code authenticated} signed in for the request, so that later steps resume from it. */
    public void recordAuthentication(PendingAuthorization p, Authenticated authenticated) {
        store.recordAuthentication(p.idHash(), authenticated, clock.instant());
    }

    /** Completes the request; true for exactly one caller, false when it was completed already or has expired. */
    public boolean complete(PendingAuthorization p) {
        return store.complete(p.idHash(), p.bindingHash(), clock.instant());
    }

    private static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
