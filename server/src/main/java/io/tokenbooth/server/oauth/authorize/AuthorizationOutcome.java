package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.client.Client;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the browser gets next in the authorization flow; {@link AuthorizationEndpoint} turns it into HTTP. Pages carry
 * the request's {@code ui_locales} (as stored, when the request was resumed), which chooses their language.
 */
public sealed interface AuthorizationOutcome {

    /** The {@code ui_locales} of the request this answers, when known. */
    default Optional<String> uiLocales() {
        return Optional.empty();
    }

    /** A redirect to the client: a code, or an error (RFC 6749 §4.1.2). */
    record Redirect(String location) implements AuthorizationOutcome {
    }

    /**
     * The sign-in form, prefilled with {@code username}, with the problem of the previous attempt if any;
     * {@code requestId} names the pending request the form resumes.
     */
    record ShowLogin(Client client, String requestId, String username, LoginProblem problem,
                     Optional<Duration> retryAfter, Optional<String> uiLocales) implements AuthorizationOutcome {
    }

    /** The consent form for the signed-in account, resuming the pending request {@code requestId}. */
    record ShowConsent(Client client, Account account, List<String> scopes, String requestId,
                       Optional<String> uiLocales) implements AuthorizationOutcome {
    }

    /**
     * An error page: the client or its redirect URI cannot be trusted, or the pending request is unknown, expired,
     * used or another browser's, so there is nobody to redirect to.
     */
    record ShowError(AuthorizationPageException error, Optional<String> uiLocales) implements AuthorizationOutcome {
    }

    /** A 429 page: this source started too many pending requests; nothing was stored. */
    record ShowTooManyRequests(Duration retryAfter, Optional<String> uiLocales) implements AuthorizationOutcome {
    }

    /** The user has just signed in: set the session cookie, then {@code next}. */
    record SignedIn(String sessionCookie, AuthorizationOutcome next) implements AuthorizationOutcome {
        @Override
        public Optional<String> uiLocales() {
            return next.uiLocales();
        }
    }

    /** Why the sign-in form is shown again; each has a page text and an HTTP status. */
    enum LoginProblem {
        NONE(null, 200),
        CREDENTIALS("login.error.credentials", 200),
        MISSING("login.error.missing", 200),
        THROTTLED("login.error.throttled", 429),
        DISABLED("login.error.disabled", 403),
        BUSY("login.error.busy", 503);

        private final String messageKey;
        private final int status;

        LoginProblem(String messageKey, int status) {
            this.messageKey = messageKey;
            this.status = status;
        }

        public String messageKey() {
            return messageKey;
        }

        public int status() {
            return status;
        }
    }
}
