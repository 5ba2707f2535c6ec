package io.tokenbooth.server.account;

import java.time.Instant;
import java.util.Optional;

/** Storage of accounts. Thread-safe; each method is one transaction. */
public interface AccountStore {

    /** Inserts the account; fails with {@link UsernameTakenException} when the key or skeleton is in use. */
    void create(Account account, Username username);

    Optional<Account> findByKey(String usernameKey);

    Optional<Account> findById(String id);

    /** Replaces the password hash; returns whether the account exists. */
    boolean updatePasswordHash(String id, String passwordHash, Instant now);

    /** Sets the disabled flag; returns whether the account exists. */
    boolean setDisabled(String id, boolean disabled, Instant now);

    /** The username is already registered, or looks like one that is. */
    final class UsernameTakenException extends RuntimeException {
        public UsernameTakenException() {
            super("username taken", null, false, false);
        }
    }
}
