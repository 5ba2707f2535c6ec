package io.tokenbooth.server.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed-login counters per normalised username, kept in the database so every node sees the same. Thread-safe;
 * each method is one transaction.
 */
public interface LoginThrottleStore {

    /** When the next attempt for this username is allowed, if it is in the future. */
    Optional<Instant> lockedUntil(String usernameKey, Instant now);

    /**
     * Counts a failure and returns until when further attempts are refused: nothing for the first {@code free}
     * failures, then {@code base} doubling with each failure up to {@code max}.
     */
    Optional<Instant> recordFailure(String usernameKey, Instant now, int free, Duration base, Duration max);

    /** Forgets the failures after a successful login. */
    void reset(String usernameKey);
}
