package io.tokenbooth.server.oauth;

import java.time.Duration;
import java.util.Optional;

/**
 * The one error type of the protocol core. Carries the RFC 6749 §5.2 style {@code error} code, a description safe to
 * show to clients, the HTTP status, an optional Retry-After, and an internal detail that is logged but never sent.
 */
public final class OAuthException extends RuntimeException {
    private final String error;
    private final String description;
    private final int status;
    private final Optional<Duration> retryAfter;
    private final boolean credentialsMissing;

    private OAuthException(String error, String description, int status, Optional<Duration> retryAfter, String detail) {
        this(error, description, status, retryAfter, detail, false);
    }

    private OAuthException(String error, String description, int status, Optional<Duration> retryAfter, String detail,
                           boolean credentialsMissing) {
        super(error + ": " + description + (detail == null ? "" : " (" + detail + ")"), null, false, false);
        this.error = error;
        this.description = description;
        this.status = status;
        this.retryAfter = retryAfter;
        this.credentialsMissing = credentialsMissing;
    }

    public static OAuthException of(String error, String description, int status) {
        return new OAuthException(error, description, status, Optional.empty(), null);
    }

    public static OAuthException invalidRequest(String description) {
        return of("invalid_request", description, 400);
    }

    public static OAuthException invalidGrant(String description) {
        return of("invalid_grant", description, 400);
    }

    /** RFC 6749 §5.2: client authentication failed. Answered 401 with {@code WWW-Authenticate}. */
    public static OAuthException invalidClient(String description) {
        return of("invalid_client", description, 401);
    }

    public static OAuthException unauthorizedClient(String description) {
        return of("unauthorized_client", description, 400);
    }

    public static OAuthException unsupportedGrantType(String description) {
        return of("unsupported_grant_type", description, 400);
    }

    public static OAuthException invalidScope(String description) {
        return of("invalid_scope", description, 400);
    }

    /** RFC 8707 §2: the requested resource is unknown or not allowed for this client. */
    public static OAuthException invalidTarget(String description) {
        return of("invalid_target", description, 400);
    }

    /** RFC 6750 §3.1: the request lacks the scope the resource needs. */
    public static OAuthException insufficientScope(String description) {
        return of("insufficient_scope", description, 403);
    }

    /** RFC 6750 §3.1: the access token is missing, expired, revoked, malformed or otherwise invalid. */
    public static OAuthException invalidToken(String description) {
        return of("invalid_token", description, 401);
    }

    /**
     * RFC 6750 §3.1: the request carries no access token at all (no Authorization header, or another scheme). 401
     * {@code invalid_token} in the body, but the challenge names no error code ({@link #credentialsMissing()}).
     */
    public static OAuthException missingToken(String description) {
        return new OAuthException("invalid_token", description, 401, Optional.empty(), null, true);
    }

    public static OAuthException accessDenied(String description) {
        return of("access_denied", description, 403);
    }

    public static OAuthException tooManyRequests(String description, Duration retryAfter) {
        return new OAuthException("slow_down", description, 429, Optional.of(retryAfter), null);
    }

    public static OAuthException temporarilyUnavailable(String description, Duration retryAfter) {
        return new OAuthException("temporarily_unavailable", description, 503, Optional.of(retryAfter), null);
    }

    public static OAuthException serverError(String detail) {
        return new OAuthException("server_error", "the server could not complete the request", 500, Optional.empty(), detail);
    }

    /** A copy carrying an internal detail for the log; the client sees the same code and description. */
    public OAuthException withDetail(String detail) {
        return new OAuthException(error, description, status, retryAfter, detail, credentialsMissing);
    }

    /** True when the request carried no credentials: the Bearer challenge then has no error code (RFC 6750 §3.1). */
    public boolean credentialsMissing() {
        return credentialsMissing;
    }

    public String error() {
        return error;
    }

    public String description() {
        return description;
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
