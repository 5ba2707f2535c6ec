package io.tokenbooth.server.authn;

import io.tokenbooth.server.account.Account;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What an {@link Authenticator} decided: exactly one of {@link Authenticated} or {@link Failed}. Immutable. */
public sealed interface AuthnOutcome {

    /**
     * The user is who they claim.
     *
     * @param amr the methods used, as OpenID Connect {@code amr} values (RFC 8176), e.g. {@code ["pwd"]}
     * @param acr the assurance level reached, as an OpenID Connect {@code acr} value ({@link Acr})
     * @param authTime when the authentication happened
     */
    record Authenticated(Account account, List<String> amr, String acr, Instant authTime) implements AuthnOutcome {
        public Authenticated {
            amr = List.copyOf(amr);
        }
    }

    /**
     * The user is not signed in; {@code retryAfter} says when trying again makes sense, for the reasons that have a
     * time ({@link Failure#THROTTLED}, {@link Failure#SOURCE_LIMITED}, {@link Failure#BUSY}).
     */
    record Failed(Failure reason, Optional<Duration> retryAfter) implements AuthnOutcome {
        public Failed(Failure reason) {
            this(reason, Optional.empty());
        }
    }

    /** Why an authentication failed. Every caller maps each one to its own answer; none is shown as is. */
    enum Failure {
        /**
         * The credentials do not match an enabled or disabled account: an unknown user, a wrong secret, an account
         * without this method. Indistinguishable on purpose (no enumeration).
         */
        WRONG_CREDENTIALS,
        /** Too many failures for this user (from this source, or from sources not known to the user): wait. */
        THROTTLED,
        /** This source spent its attempt budget for the method, whatever the user: wait. */
        SOURCE_LIMITED,
        /** The credentials are right but the account is disabled. */
        DISABLED,
        /** The server cannot check credentials now (the hashing pool is full): try again shortly. */
        BUSY,
        /** The request lacks what this method needs (no username, no password). */
        MISSING_INPUT,
        /** The first step succeeded, and the account requires another before it is signed in. Not produced yet. */
        NEEDS_SECOND_STEP
    }
}
