package io.tokenbooth.server.session;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.AccountStore;
import io.tokenbooth.server.token.OpaqueTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Browser sign-ins (SSO sessions). The cookie value is 256 random bits; the server keeps only its SHA-256, so a
 * database leak reveals no usable session. A session ends after {@code idleTtl} without use
 * ({@code sso.idle-ttl}), at {@code absoluteTtl} after the login whatever happens ({@code sso.absolute-ttl}), on
 * logout, and as soon as its account is disabled or removed. Thread-safe; state lives in the database only, so any
 * node serves any browser.
 */
public final class SsoSessionService {
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SsoSessionStore store;
    private final AccountStore accounts;
    private final Clock clock;
    private final Duration idleTtl;
    private final Duration absoluteTtl;

    public SsoSessionService(SsoSessionStore store, AccountStore accounts, Clock clock, Duration idleTtl,
                             Duration absoluteTtl) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
        this.idleTtl = idleTtl;
        this.absoluteTtl = absoluteTtl;
    }

    /** A new session: the cookie value to hand to the browser (once; never stored) and the stored session. */
    public record Started(String cookieValue, SsoSession session) {
    }

    /** A usable session with its (enabled) account. */
    public record Active(SsoSession session, Account account) {
    }

    /** Starts a session for an account that has just authenticated with {@code amr} (RFC 8176 values). */
    public Started start(String accountId, List<String> amr) {
        String value = OpaqueTokens.generate();
        Instant now = clock.instant();
        SsoSession s = new SsoSession(OpaqueTokens.hash(value), accountId, now, amr, now, now.plus(absoluteTtl),
                Optional.empty());
        store.create(s);
        return new Started(value, s);
    }

    /**
     * The active session behind a cookie value, marked as used now; empty when the value is absent, malformed,
     * unknown, revoked, idle too long, past its absolute end, or its account is disabled or gone.
     */
    public Optional<Active> resolve(Optional<String> cookieValue) {
        if (cookieValue.isEmpty() || !COOKIE_VALUE.matcher(cookieValue.get()).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<SsoSession> found = store.find(OpaqueTokens.hash(cookieValue.get()));
        if (found.isEmpty() || !found.get().activeAt(now, idleTtl)) {
            return Optional.empty();
        }
        SsoSession s = found.get();
        Optional<Account> account = accounts.findById(s.accountId());
        if (account.isEmpty() || account.get().disabled()) {
            store.revoke(s.idHash(), now);
            return Optional.empty();
        }
        store.touch(s.idHash(), now);
        return Optional.of(new Active(s.seenAt(now), account.get()));
    }

    /** Ends the session behind the cookie value, if any. */
    public void end(Optional<String> cookieValue) {
        if (cookieValue.isPresent() && COOKIE_VALUE.matcher(cookieValue.get()).matches()) {
            store.revoke(OpaqueTokens.hash(cookieValue.get()), clock.instant());
        }
    }
}
