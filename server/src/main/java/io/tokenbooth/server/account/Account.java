package io.tokenbooth.server.account;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A user account. {@code passwordHash} is a PHC string and never leaves the server; an account without one has no
 * password (it signs in by other methods, or not at all yet).
 */
public record Account(String id, String username, Optional<String> email, Optional<String> passwordHash,
                      boolean disabled, Instant createdAt) {

    /** An account with a password. */
    public Account(String id, String username, Optional<String> email, String passwordHash, boolean disabled,
                   Instant createdAt) {
        this(id, username, email, Optional.of(passwordHash), disabled, createdAt);
    }

    /** The ways this account can sign in, derived from what it holds. */
    public Set<SignInMethod> signInMethods() {
        Set<SignInMethod> methods = EnumSet.noneOf(SignInMethod.class);
        if (passwordHash.isPresent()) {
            methods.add(SignInMethod.PASSWORD);
        }
        return methods;
    }
}
