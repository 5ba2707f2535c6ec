package io.tokenbooth.server.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-client-address token bucket for one kind of request ({@code perMinute} requests a minute, refilled
 * smoothly). Buckets live in this node's memory: behind a load balancer with N nodes a client gets up to N times the
 * limit; the per-account login throttle is database-backed and cluster-wide. Memory is bounded: past
 * {@code maxClients} tracked addresses the map is cleared (all clients start with a full bucket). Thread-safe.
 */
public final class RateLimiter {
    private static final int MAX_CLIENTS = 100_000;
    private final String what;
    private final int perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(String what, int perMinute) {
        this.what = what;
        this.perMinute = perMinute;
    }

    /** Takes one token for {@code client} or throws 429 {@code slow_down} with Retry-After. */
    public void acquire(String client) {
        if (perMinute <= 0) {
            return;
        }
        if (buckets.size() > MAX_CLIENTS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw OAuthException.tooManyRequests("too many " + what + " requests from this address; slow down",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
