package io.tokenbooth.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The per-source token buckets: a flood of other sources never resets a source's exhausted bucket. */
class RateLimiterTest {
    /** More distinct sources than any bound the limiter keeps, so a limiter that forgets when full would forget. */
    private static final int FLOOD = 150_000;

    /** The {@code i}th flooding address, each distinct. */
    private static String flooding(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    private static void exhaust(RateLimiter limiter, String source, int perMinute) {
        for (int i = 0; i < perMinute; i++) {
            limiter.acquire(source);
        }
        assertThatThrownBy(() -> limiter.acquire(source)).isInstanceOf(OAuthException.class);
    }

    @Test
    void acquireWhenFloodOfDistinctSourcesThenAnExhaustedSourceStaysLimited() {
        RateLimiter limiter = new RateLimiter("test", 5, MutableClock.startingNow());
        exhaust(limiter, "192.0.2.1", 5);
        for (int i = 0; i < FLOOD; i++) {
            limiter.acquire(flooding(i));
        }
        assertThatThrownBy(() -> limiter.acquire("192.0.2.1")).isInstanceOf(OAuthException.class)
                .hasFieldOrPropertyWithValue("status", 429);
    }

    @Test
    void acquireWhenFloodInterleavedWithTheLimitedSourceThenItStaysLimited() {
        RateLimiter limiter = new RateLimiter("test", 5, MutableClock.startingNow());
        exhaust(limiter, "192.0.2.2", 5);
        for (int i = 0; i < FLOOD; i++) {
            limiter.acquire(flooding(i));
            if (i % 10_000 == 0) {
                assertThatThrownBy(() -> limiter.acquire("192.0.2.2")).as("after %d others", i)
                        .isInstanceOf(OAuthException.class);
            }
        }
        assertThatThrownBy(() -> limiter.acquire("192.0.2.2")).isInstanceOf(OAuthException.class);
    }

    @Test
    void acquireWhenLimitIsZeroThenNeverLimited() {
        RateLimiter limiter = new RateLimiter("test", 0, MutableClock.startingNow());
        for (int i = 0; i < 100; i++) {
            assertThatCode(() -> limiter.acquire("192.0.2.3")).doesNotThrowAnyException();
        }
    }

    @Test
    void acquireWhenFloodBeyondTheBoundThenTrackedSourcesStayBoundedAndTheLimitHolds() {
        RateLimiter limiter = new RateLimiter("test", 5, 1_000, MutableClock.startingNow());
        exhaust(limiter, "192.0.2.4", 5);
        for (int i = 0; i < 50_000; i++) {
            limiter.acquire(flooding(i));
        }
        assertThat(limiter.trackedSources()).isLessThanOrEqualTo(2_000);
        assertThatThrownBy(() -> limiter.acquire("192.0.2.4")).isInstanceOf(OAuthException.class);
    }

    @Test
    void acquireWhenIdleForLessThanTheRefillTimeThenStillLimitedAndAfterItForgotten() {
        MutableClock clock = MutableClock.startingNow();
        RateLimiter limiter = new RateLimiter("test", 5, 1_000, clock);
        exhaust(limiter, "192.0.2.5", 5);
        // Refilled smoothly: one token a fifth of a minute later, then refused again.
        clock.advance(RateLimiter.REFILL.dividedBy(5));
        limiter.acquire("192.0.2.5");
        assertThatThrownBy(() -> limiter.acquire("192.0.2.5")).isInstanceOf(OAuthException.class);
        // A full refill period after the last use the bucket would be full anyway: both maps have forgotten it.
        clock.advance(RateLimiter.REFILL.plusSeconds(1));
        assertThat(limiter.trackedSources()).isZero();
        for (int i = 0; i < 5; i++) {
            limiter.acquire("192.0.2.5");
        }
    }
}
