package io.tokenbooth.server.account;

import io.tokenbooth.server.account.password.HashingBulkhead;
import io.tokenbooth.server.account.password.PasswordHasher;
import io.tokenbooth.server.account.password.PasswordPolicy;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Sign-up and account administration. Thread-safe. */
public final class AccountService {
    private static final int MAX_EMAIL = 320;

    private final AccountStore store;
    private final UsernamePolicy usernames;
    private final PasswordPolicy passwords;
    private final PasswordHasher hasher;
    private final HashingBulkhead bulkhead;
    private final RefreshTokenService refreshTokens;
    private final Clock clock;

    public AccountService(AccountStore store, UsernamePolicy usernames, PasswordPolicy passwords, PasswordHasher hasher,
                          HashingBulkhead bulkhead, RefreshTokenService refreshTokens, Clock clock) {
        this.store = store;
        this.usernames = usernames;
        this.passwords = passwords;
        this.hasher = hasher;
        this.bulkhead = bulkhead;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    /** Creates an account; {@code username_taken} (409) if it, or a look-alike, exists. */
    public Account signup(String rawUsername, String password, Optional<String> email) {
        Username username = usernames.validate(rawUsername);
        checkPassword(password, username);
        Optional<String> checkedEmail = email.map(AccountService::checkEmail);
        String hash = bulkhead.run(() -> hasher.hash(password));
        return create(username, Optional.of(hash), checkedEmail);
    }

    /**
     * Creates an account without a password, for an operator: it has no sign-in method until one is added (a
     * password with {@link #changePassword}, later a passkey or an upstream identity). A password login to it fails
     * exactly as a wrong password does.
     */
    public Account createWithoutPassword(String rawUsername, Optional<String> email) {
        Username username = usernames.validate(rawUsername);
        return create(username, Optional.empty(), email.map(AccountService::checkEmail));
    }

    private Account create(Username username, Optional<String> hash, Optional<String> email) {
        // Stored with microsecond precision: keep the answer equal to what a later read returns.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Account account = new Account(UUID.randomUUID().toString(), username.display(), email, hash, false, now);
        try {
            store.create(account, username);
        } catch (AccountStore.UsernameTakenException e) {
            throw OAuthException.of("username_taken", "that username, or one that looks like it, is already registered", 409);
        }
        return account;
    }

    /**
     * Creates an account from another system's password hash (Argon2, bcrypt or PBKDF2; see {@link PasswordHasher}).
     * The user logs in with their old password; the hash is upgraded to Argon2id at that first login.
     */
    public Account importAccount(String rawUsername, String passwordHash, Optional<String> email) {
        Username username = usernames.validate(rawUsername);
        if (!hasher.recognizes(passwordHash)) {
            throw OAuthException.invalidRequest("password hash is not a supported Argon2, bcrypt or PBKDF2 hash");
        }
        return create(username, Optional.of(passwordHash), email.map(AccountService::checkEmail));
    }

    /**
     * Sets a new password and ends every refresh token family of the account. An account without a password gains
     * one (and with it the password sign-in method).
     */
    public void changePassword(String rawUsername, String password) {
        Account account = require(rawUsername);
        Username username = usernames.validate(account.username());
        checkPassword(password, username);
        String hash = bulkhead.run(() -> hasher.hash(password));
        store.updatePasswordHash(account.id(), hash, clock.instant());
        refreshTokens.revokeAllForAccount(account.id(), "password_changed");
    }

    /** Disables or re-enables an account; disabling ends every refresh token family at once. */
    public void setDisabled(String rawUsername, boolean disabled) {
        Account account = require(rawUsername);
        store.setDisabled(account.id(), disabled, clock.instant());
        if (disabled) {
            refreshTokens.revokeAllForAccount(account.id(), "account_disabled");
        }
    }

    /**
     * Signs the user out everywhere (issue 7, {@code user revoke-sessions}): ends every live refresh family of the
     * account and, in the same transaction, flips the status bits of the unexpired access tokens they minted, so
     * every resource server refuses them within its poll; returns how many sessions ended. The account stays enabled.
     */
    public int revokeSessions(String rawUsername) {
        return refreshTokens.revokeAllForAccount(require(rawUsername).id(), "sessions_revoked");
    }

    public Optional<Account> find(String rawUsername) {
        return store.findByKey(UsernamePolicy.key(rawUsername));
    }

    public Optional<Account> findById(String id) {
        return store.findById(id);
    }

    private Account require(String rawUsername) {
        return find(rawUsername).orElseThrow(() -> OAuthException.of("not_found", "no such account: " + rawUsername, 404));
    }

    private void checkPassword(String password, Username username) {
        if (password == null) {
            throw OAuthException.invalidRequest("password is required");
        }
        passwords.problem(password, username.display()).ifPresent(p -> {
            throw OAuthException.invalidRequest("password " + p);
        });
    }

    private static String checkEmail(String email) {
        String e = email.strip();
        int at = e.indexOf('@');
        if (e.length() > MAX_EMAIL || at < 1 || at != e.lastIndexOf('@') || at == e.length() - 1
                || e.chars().anyMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch))) {
            throw OAuthException.invalidRequest("email is not a valid address");
        }
        return e;
    }
}
