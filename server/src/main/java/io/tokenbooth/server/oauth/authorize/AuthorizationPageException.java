package io.tokenbooth.server.oauth.authorize;

import java.util.Optional;

/**
 * An authorization request that must not be answered by redirect, because the client or the redirect URI cannot be
 * trusted (RFC 6749 §4.1.2.1, RFC 9700 §4.1): the user sees an error page instead. {@code detail} is a request
 * value shown on the page (escaped), such as the unknown client id.
 */
public final class AuthorizationPageException extends RuntimeException {
    /** Why the request cannot be answered by redirect; each has a page text. */
    public enum Reason {
        MISSING_CLIENT_ID("error.missing-client"),
        UNKNOWN_CLIENT("error.unknown-client"),
        INVALID_REDIRECT_URI("error.invalid-redirect-uri"),
        MISSING_REDIRECT_URI("error.missing-redirect-uri"),
        REPEATED_PARAMETER("error.repeated-parameter"),
        /** The pending request named by the form is unknown, expired, already answered, or another browser's. */
        PENDING_REQUEST_INVALID("error.pending-request");

        private final String messageKey;

        Reason(String messageKey) {
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    private final Reason reason;
    private final Optional<String> detail;

    public AuthorizationPageException(Reason reason, Optional<String> detail) {
        super(reason + detail.map(d -> ": " + d).orElse(""), null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<String> detail() {
        return detail;
    }

    /** The OAuth error code the page names: {@code invalid_client} for client problems, else {@code invalid_request}. */
    public String error() {
        return reason == Reason.UNKNOWN_CLIENT || reason == Reason.MISSING_CLIENT_ID ? "invalid_client" : "invalid_request";
    }
}
