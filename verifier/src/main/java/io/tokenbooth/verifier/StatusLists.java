package io.tokenbooth.verifier;

import io.tokenbooth.verifier.TokenRejectedException.Reason;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The status lists a verifier follows (draft-ietf-oauth-status-list §8): the first token naming a list fetches it
 * synchronously (the HTTP timeout bounds the wait; concurrent first sightings share the fetch); from then on the
 * verifier's scheduler polls every followed list with {@code If-None-Match} ({@link #poll}), and a list no token has
 * named for {@code forgetAfter} is dropped. At most {@code maxLists} are followed (the least recently used is dropped
 * first), and only lists under the issuer ({@link StatusReference}). Each fetched Status List Token is verified with
 * the same {@link JwtVerifier} composition and keys as the access tokens ({@code typ: statuslist+jwt}, {@code sub}
 * = the URI, {@code iat}, {@code exp}); one that fails is treated like an unreachable issuer: the data it would have
 * replaced grows stale, and past {@code maxStaleness} tokens on that list are refused. Thread-safe; a check takes no
 * lock and allocates nothing once the list is followed.
 */
final class StatusLists {
    static final String MEDIA_TYPE = "application/statuslist+jwt";

    private final IssuerHttp http;
    private final JwtVerifier listVerifier;
    private final Clock clock;
    private final long maxStalenessMillis;
    private final long skewMillis;
    private final long forgetAfterNanos;
    private final int maxLists;
    private final ConcurrentHashMap<String, Followed> lists = new ConcurrentHashMap<>();

    StatusLists(IssuerHttp http, JwtVerifier listVerifier, Clock clock, Duration maxStaleness, Duration skew,
                Duration forgetAfter, int maxLists) {
        this.http = http;
        this.listVerifier = listVerifier;
        this.clock = clock;
        this.maxStalenessMillis = maxStaleness.toMillis();
        this.skewMillis = skew.toMillis();
        this.forgetAfterNanos = forgetAfter.toNanos();
        this.maxLists = maxLists;
    }

    /** One followed list: its last good data and when the issuer last confirmed it. */
    private static final class Followed {
        final String uri;
        final long sinceMillis;
        final AtomicBoolean inFlight = new AtomicBoolean();
        volatile StatusListToken data;
        volatile String etag;
        volatile long confirmedAtMillis;
        volatile long lastUsedNanos;
        volatile boolean firstFetchDone; // written under the lock of this

        Followed(String uri, long sinceMillis) {
            this.uri = uri;
            this.sinceMillis = sinceMillis;
            // Used now: a poll between its creation and the first check must not forget it as idle.
            this.lastUsedNanos = System.nanoTime();
        }
    }

    /** Refuses the token unless its status at {@code ref} is VALID by data no older than the limit. */
    void check(StatusReference ref) throws TokenRejectedException {
        Followed f = lists.get(ref.uri());
        if (f == null || !f.firstFetchDone) {
            f = follow(ref.uri()); // waits for the first fetch if another thread is making it
        }
        f.lastUsedNanos = System.nanoTime();
        StatusListToken data = f.data;
        long now = clock.millis();
        if (data == null) {
            throw refuse(Reason.STATUS_UNKNOWN, "the access token's status could not be checked: its status list "
                    + "could not be fetched");
        }
        long age = now - f.confirmedAtMillis;
        if (age > maxStalenessMillis) {
            throw refuse(Reason.STATUS_UNKNOWN, "the access token's status could not be checked: the status list "
                    + "was last confirmed " + age / 1000 + " s ago (limit " + maxStalenessMillis / 1000 + " s)");
        }
        if (data.expiresAt() != null && now > data.expiresAt().toEpochMilli() + skewMillis) {
            throw refuse(Reason.STATUS_UNKNOWN, "the access token's status could not be checked: the status list "
                    + "has expired");
        }
        int value = data.value(ref.index());
        switch (value) {
            case 0 -> {
                // VALID
            }
            case 1 -> throw refuse(Reason.REVOKED, "the access token has been revoked");
            case 2 -> throw refuse(Reason.REVOKED, "the access token is suspended");
            case -1 -> throw refuse(Reason.STATUS_UNKNOWN, "the access token's status index is out of range");
            default -> throw refuse(Reason.STATUS_UNKNOWN, "the access token's status is not VALID");
        }
    }

    private static TokenRejectedException refuse(Reason reason, String description) {
        return new TokenRejectedException(reason, description);
    }

    /** Starts following {@code uri}: the first caller fetches it now, the others wait for that fetch. */
    private Followed follow(String uri) {
        Followed f = lists.get(uri);
        if (f == null) {
            while (lists.size() >= maxLists) {
                forgetLeastRecentlyUsed();
            }
            f = lists.computeIfAbsent(uri, u -> new Followed(u, clock.millis()));
        }
        synchronized (f) {
            if (!f.firstFetchDone) {
                if (f.inFlight.compareAndSet(false, true)) {
                    try {
                        accept(f, http.get(URI.create(uri), MEDIA_TYPE, null));
                    } catch (java.io.IOException e) {
                        // Unreachable: no data yet; the poller tries again.
                    } finally {
                        f.inFlight.set(false);
                    }
                }
                f.firstFetchDone = true; // after the fetch: the threads that check it wait here until then
            }
        }
        return f;
    }

    private void forgetLeastRecentlyUsed() {
        Map.Entry<String, Followed> oldest = null;
        for (Map.Entry<String, Followed> e : lists.entrySet()) {
            if (oldest == null || e.getValue().lastUsedNanos - oldest.getValue().lastUsedNanos < 0) {
                oldest = e;
            }
        }
        if (oldest != null) {
            lists.remove(oldest.getKey(), oldest.getValue());
        }
    }

    /** One scheduler tick: forgets lists unused for a while, and asks for every other one that is not in flight. */
    void poll() {
        long now = System.nanoTime();
        for (Followed f : lists.values()) {
            if (now - f.lastUsedNanos > forgetAfterNanos) {
                lists.remove(f.uri, f);
            } else if (f.inFlight.compareAndSet(false, true)) {
                String etag = f.data == null ? null : f.etag;
                http.getAsync(URI.create(f.uri), MEDIA_TYPE, etag).whenComplete((a, e) -> {
                    try {
                        if (a != null) {
                            accept(f, a);
                        }
                    } finally {
                        f.inFlight.set(false);
                    }
                });
            }
        }
    }

    /** Takes an answer: 304 confirms the data; a 200 whose token verifies replaces it; anything else is ignored. */
    private void accept(Followed f, IssuerHttp.Answer a) {
        if (a.status() == 304 && f.data != null && f.etag != null) {
            f.confirmedAtMillis = clock.millis();
        } else if (a.status() == 200) {
            try {
                StatusListToken list = StatusListToken.of(listVerifier.verify(a.body().trim()), f.uri);
                f.etag = a.etag();
                f.confirmedAtMillis = clock.millis();
                f.data = list;
            } catch (TokenRejectedException | IllegalArgumentException e) {
                // Malformed or wrongly signed: never "valid"; the old data ages towards the staleness limit.
            }
        }
    }

    /** How old the oldest followed list's data is (a list never fetched counts from when it was first named). */
    Duration staleness() {
        long now = clock.millis();
        long worst = 0;
        for (Followed f : lists.values()) {
            worst = Math.max(worst, now - (f.data == null ? f.sinceMillis : f.confirmedAtMillis));
        }
        return Duration.ofMillis(worst);
    }

    int followed() {
        return lists.size();
    }
}
