package io.tokenbooth.server.authn.password;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.AccountStore;
import io.tokenbooth.server.account.SignInMethod;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.account.password.HashingBulkhead;
import io.tokenbooth.server.account.password.PasswordHasher;
import io.tokenbooth.server.authn.Acr;
import io.tokenbooth.server.authn.AuthnOutcome;
import io.tokenbooth.server.authn.AuthnOutcome.Authenticated;
import io.tokenbooth.server.authn.AuthnOutcome.Failed;
import io.tokenbooth.server.authn.AuthnOutcome.Failure;
import io.tokenbooth.server.authn.Authenticator;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.http.RateLimiter;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks a username and password (OWASP ASVS V6), for every place a password is entered. Each attempt first spends
 * one token of its source's password budget, shared by all those places. Unknown usernames, accounts without a
 * password and wrong passwords fail alike, in outcome and in time (a dummy hash is computed, and the failure is
 * counted). Failures are throttled progressively per source and username, and per username for sources not known to
 * it, whether or not the account exists ({@link LoginThrottleStore}; no lockout by strangers). Legacy hashes (bcrypt,
 * PBKDF2) are upgraded to Argon2id on success. Thread-safe.
 */
public final class PasswordAuthenticator implements Authenticator<PasswordCredentials> {
    /** RFC 8176 §2: password-based authentication. */
    static final List<String> AMR = List.of("pwd");
    /** The width of the {@code username_key} columns. */
    private static final int MAX_KEY_LENGTH = 256;
    private static final Duration BUSY_RETRY = Duration.ofSeconds(2);

    private final AccountStore accounts;
    private final LoginThrottleStore throttle;
    private final PasswordHasher hasher;
    private final HashingBulkhead bulkhead;
    private final RateLimiter passwordBudget;
    private final FailureDelay perSource;
    private final FailureDelay perUsername;
    private final Duration knownSourceTtl;
    private final Clock clock;

    public PasswordAuthenticator(AccountStore accounts, LoginThrottleStore throttle, PasswordHasher hasher,
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

    @Override
    public SignInMethod method() {
        return SignInMethod.PASSWORD;
    }

    @Override
    public AuthnOutcome authenticate(PasswordCredentials credentials, String source) {
        try {
            passwordBudget.acquire(source);
        } catch (OAuthException limited) {
            return new Failed(Failure.SOURCE_LIMITED, limited.retryAfter());
        }
        String username = credentials.username();
        String password = credentials.password();
        if (username == null || password == null) {
            return new Failed(Failure.MISSING_INPUT);
        }
        try {
            return check(username, password, source);
        } catch (HashingBulkhead.Saturated busy) {
            return new Failed(Failure.BUSY, Optional.of(BUSY_RETRY));
        }
    }

    private AuthnOutcome check(String username, String password, String source) {
        String key = UsernamePolicy.key(username);
        if (key.length() > MAX_KEY_LENGTH) {
            // No account has such a name (usernames are at most 64 code points) and the throttle's username_key
            // column could not hold it: fail like any unknown username, after the same hashing work.
            dummyVerify(password);
            return new Failed(Failure.WRONG_CREDENTIALS);
        }
        Instant now = clock.instant();
        Optional<Instant> locked = throttle.lockedUntil(key, source, now);
        if (locked.isPresent()) {
            return throttled(now, locked.get());
        }
        Optional<Account> found = accounts.findByKey(key);
        Optional<String> hash = found.flatMap(Account::passwordHash);
        boolean ok;
        if (hash.isPresent()) {
            ok = bulkhead.run(() -> hasher.verify(password, hash.get()));
        } else {
            // An unknown username, or an account without a password: the same work and the same failure as a wrong
            // password, counted the same way.
            dummyVerify(password);
            ok = false;
        }
        if (!ok) {
            throttle.recordFailure(key, source, now, perSource, perUsername);
            return new Failed(Failure.WRONG_CREDENTIALS);
        }
        Account account = found.get();
        throttle.recordSuccess(key, source, now, now.plus(knownSourceTtl));
        if (account.disabled()) {
            return new Failed(Failure.DISABLED);
        }
        if (hasher.needsRehash(hash.get())) {
            upgrade(account, password, now);
        }
        return new Authenticated(account, AMR, Acr.SINGLE_FACTOR, now);
    }

    private void dummyVerify(String password) {
        bulkhead.run(() -> {
            hasher.dummyVerify(password);
            return null;
        });
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

    private static Failed throttled(Instant now, Instant until) {
        Duration wait = Duration.between(now, until);
        return new Failed(Failure.THROTTLED, Optional.of(wait.isNegative() ? Duration.ofSeconds(1) : wait));
    }
}
