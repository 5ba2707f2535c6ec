package io.tokenbooth.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * A per-client-address token bucket for one kind of request ({@code perMinute} requests a minute, refilled
 * smoothly). Buckets live in this node's memory: behind a load balancer with N nodes a client gets up to N times the
 * limit; the per-account login throttle is database-backed and cluster-wide.
 * <p>
 * Memory is bounded without resetting live limits (issue 6). A bucket untouched for {@link #REFILL} is full again, so
 * dropping it then loses nothing: both maps forget a source idle that long. {@code recent} holds every source seen in
 * the last minute, at most {@value #MAX_SOURCES}, with Caffeine's frequency-aware eviction (W-TinyLFU). Forgetting a
 * full or nearly full bucket is harmless; forgetting an exhausted one resets a limit, and a flood of one-off
 * addresses could push it out of {@code recent} (the sketch does not count hits while the cache is small). So a
 * bucket that refused a request is also kept in {@code limited}, which only refused sources enter: filling it takes
 * more than {@code perMinute} requests per flooding address, every minute. Thread-safe.
 */
public final class RateLimiter {
    static final int MAX_SOURCES = 100_000;
    /** The time an empty bucket takes to fill again: capacity {@code perMinute}, refilled {@code perMinute}/min. */
    static final Duration REFILL = Duration.ofMinutes(1);

    private final String what;
    private final int perMinute;
    private final Cache<String, Bucket> recent;
    private final Cache<String, Bucket> limited;
    private final Function<String, Bucket> newBucket;

    /** @param clock the application clock: refill and idle expiry both follow it */
    public RateLimiter(String what, int perMinute, Clock clock) {
        this(what, perMinute, MAX_SOURCES, clock);
    }

    /** For tests: a smaller bound. */
    RateLimiter(String what, int perMinute, int maxSources, Clock clock) {
        this.what = what;
        this.perMinute = perMinute;
        ClockTime time = new ClockTime(clock);
        this.recent = Caffeine.newBuilder().maximumSize(maxSources).expireAfterAccess(REFILL).ticker(time::read).build();
        this.limited = Caffeine.newBuilder().maximumSize(maxSources).expireAfterAccess(REFILL).ticker(time::read).build();
        Bandwidth limit = perMinute <= 0 ? null
                : Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, REFILL).build();
        this.newBucket = source -> Bucket.builder().withCustomTimePrecision(time).addLimit(limit).build();
    }

    /** Takes one token for {@code client} or throws 429 {@code slow_down} with Retry-After. */
    public void acquire(String client) {
        if (perMinute <= 0) {
            return;
        }
        Bucket bucket = limited.getIfPresent(client);
        if (bucket == null) {
            bucket = recent.get(client, newBucket);
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            limited.put(client, bucket);
            throw OAuthException.tooManyRequests("too many " + what + " requests from this address; slow down",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** The number of buckets held now (after pending evictions; a limited source may count twice), for tests. */
    long trackedSources() {
        recent.cleanUp();
        limited.cleanUp();
        return recent.estimatedSize() + limited.estimatedSize();
    }

    /** The clock as bucket4j's and Caffeine's nanosecond time source. */
    private record ClockTime(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }

        long read() {
            return currentTimeNanos();
        }
    }
}
