package io.tokenbooth.server.login;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.AccountStore;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.account.password.HashingBulkhead;
import io.tokenbooth.server.account.password.PasswordHasher;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.http.RateLimiter;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a username and password (OWASP ASVS V6), for every place a password is entered. Each attempt first spends
 * one token of its source's password budget, shared by all those places. Unknown usernames and wrong passwords fail
 * alike, in body and in time (a dummy hash is computed). Failures are throttled progressively per source and
 * username, and per username for sources not known to it, whether or not the account exists ({@link
 * LoginThrottleStore}; no lockout by strangers). Legacy hashes (bcrypt, PBKDF2) are upgraded to Argon2id on success.
 * Thread-safe.
 */
public final class LoginService {
    private static final String BAD_CREDENTIALS = "invalid username or password";
    /** The width of the {@code username_key} columns. */
    private static final int MAX_KEY_LENGTH = 256;

    private final AccountStore accounts;
    private final LoginThrottleStore throttle;
    private final PasswordHasher hasher;
    private final HashingBulkhead bulkhead;
    private final RateLimiter passwordBudget;
    private final FailureDelay perSource;
    private final FailureDelay perUsername;
    private final Duration knownSourceTtl;
    private final Clock clock;

    public LoginService(AccountStore accounts, LoginThrottleStore throttle, PasswordHasher hasher,
                        HashingBulkhead bulkhead, TokenboothConfig.RateLimits limits, Clock clock) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.hasher = hasher;
        this.bulkhead = bulkhead;
        // One bucket per source for every password entry point (issue 15 defect 6).
        this.passwordBudget = new RateLimiter("sign-in", limits.loginPerIp(), clock);
        // docs/api.md: after rate-limit.account-free-failures failures each further attempt waits, so the last free
        // failure already sets the first delay.
        this.perSource = new FailureDelay(limits.accountFreeFailures(), limits.accountBaseDelay(),
                limits.accountMaxDelay());
        this.perUsername = new FailureDelay(limits.usernameFreeFailures(), limits.accountBaseDelay(),
                limits.accountMaxDelay());
        this.knownSourceTtl = limits.knownSourceTtl();
        this.clock = clock;
    }

    /**
     * The account, if the credentials are right and it is enabled; otherwise an {@link OAuthException}.
     * {@code source} is the client's {@link io.tokenbooth.server.http.AddressPrefix}.
     */
    public Account authenticate(String username, String password, String source) {
        passwordBudget.acquire(source);
        if (username == null || password == null) {
            throw OAuthException.invalidRequest("username and password are required");
        }
        String key = UsernamePolicy.key(username);
        if (key.length() > MAX_KEY_LENGTH) {
            // No account has such a name (usernames are at most 64 code points) and the throttle's username_key
            // column could not hold it: fail like any unknown username, after the same hashing work.
            bulkhead.run(() -> {
                hasher.dummyVerify(password);
                return null;
            });
            throw OAuthException.invalidGrant(BAD_CREDENTIALS);
        }
        Instant now = clock.instant();
        throttle.lockedUntil(key, source, now).ifPresent(until -> {
            throw tooMany(now, until);
        });
        Optional<Account> found = accounts.findByKey(key);
        boolean ok;
        if (found.isPresent()) {
            String hash = found.get().passwordHash();
            ok = bulkhead.run(() -> hasher.verify(password, hash));
        } else {
            bulkhead.run(() -> {
                hasher.dummyVerify(password);
                return null;
            });
            ok = false;
        }
        if (!ok) {
            throttle.recordFailure(key, source, now, perSource, perUsername);
            throw OAuthException.invalidGrant(BAD_CREDENTIALS);
        }
        Account account = found.get();
        throttle.recordSuccess(key, source, now, now.plus(knownSourceTtl));
        if (account.disabled()) {
            throw OAuthException.accessDenied("this account is disabled");
        }
        if (hasher.needsRehash(account.passwordHash())) {
            upgrade(account, password, now);
        }
        return account;
    }

    /** Re-hashes a legacy hash with Argon2id. A busy bulkhead postpones this to a later login rather than fail this one. */
    private void upgrade(Account account, String password, Instant now) {
        try {
            String upgraded = bulkhead.run(() -> hasher.hash(password));
            accounts.updatePasswordHash(account.id(), upgraded, now);
        } catch (HashingBulkhead.Saturated busy) {
            // Skipped; the hash is upgraded on a later login.
        }
    }

    private static OAuthException tooMany(Instant now, Instant until) {
        Duration wait = Duration.between(now, until);
        return OAuthException.tooManyRequests("too many failed logins for this username; try again later",
                wait.isNegative() ? Duration.ofSeconds(1) : wait);
    }
}
