package io.tokenbooth.server.authn.password;

import java.time.Instant;
import java.util.Optional;

/**
 * Failed-login counters, kept in the database so every node sees the same (decisions.md "Issue 15"): one per
 * normalised username and source, and one per username that every source adds to, each source at most its own
 * allowance. A source that signed in to a username is <em>known</em> to it for a while and exempt from the
 * username's delay (never from its own). Rows are bounded per username and per source. Keys are the same whether or
 * not an account exists. Thread-safe; each method is one transaction.
 */
public interface LoginThrottleStore {

    /**
     * Until when {@code source} must wait before trying {@code usernameKey} again, if later than {@code now}: its own
     * delay, or the username's while the source is not known to it.
     */
    Optional<Instant> lockedUntil(String usernameKey, String source, Instant now);

    /**
     * Counts a failure from {@code source}: on its own counter (delayed by {@code perSource}) and, while that counter
     * is within {@code perSource.allowed()}, on the username's (delayed by {@code perUsername}). Returns until when
     * {@code source} must now wait, if at all.
     */
    Optional<Instant> recordFailure(String usernameKey, String source, Instant now, FailureDelay perSource,
                                    FailureDelay perUsername);

    /**
     * The right password came from {@code source}: forgets its failures and makes it known to {@code usernameKey}
     * until {@code knownUntil}. The username's own counter stays: a guesser elsewhere gains nothing from the owner's
     * sign-in.
     */
    void recordSuccess(String usernameKey, String source, Instant now, Instant knownUntil);
}
