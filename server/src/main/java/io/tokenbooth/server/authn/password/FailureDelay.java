package io.tokenbooth.server.authn.password;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A progressive delay after failed logins: the {@code allowed}-th failure and every later one make the next attempt
 * wait {@code base}, doubling with each further failure, at most {@code max}. Immutable.
 */
public record FailureDelay(int allowed, Duration base, Duration max) {

    /** Until when attempts wait after {@code failures} failures counted at {@code now}, if at all. */
    public Optional<Instant> after(int failures, Instant now) {
        if (failures < allowed) {
            return Optional.empty();
        }
        Duration delay = base.multipliedBy(1L << Math.min(failures - allowed, 30));
        return Optional.of(now.plus(delay.compareTo(max) > 0 ? max : delay));
    }
}
