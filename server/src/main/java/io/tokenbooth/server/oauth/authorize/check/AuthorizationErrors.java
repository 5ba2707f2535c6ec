package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.oauth.OAuthException;

/**
 * The error codes of the authorization response that {@link OAuthException} has no factory for: RFC 6749 §4.1.2.1
 * and OpenID Connect Core §3.1.2.6. They are always delivered by redirect, so the status is nominal.
 */
public final class AuthorizationErrors {
    private AuthorizationErrors() {
    }

    public static OAuthException unsupportedResponseType(String description) {
        return OAuthException.of("unsupported_response_type", description, 400);
    }

    /** OIDC Core §3.1.2.6: {@code prompt=none} and nobody is signed in (or must sign in again). */
    public static OAuthException loginRequired(String description) {
        return OAuthException.of("login_required", description, 400);
    }

    /** OIDC Core §3.1.2.6: {@code prompt=none} and the user has not approved this client for these scopes. */
    public static OAuthException consentRequired(String description) {
        return OAuthException.of("consent_required", description, 400);
    }

    public static OAuthException requestNotSupported() {
        return OAuthException.of("request_not_supported", "request objects (the 'request' parameter) are not supported", 400);
    }

    public static OAuthException requestUriNotSupported() {
        return OAuthException.of("request_uri_not_supported", "the 'request_uri' parameter is not supported", 400);
    }

    public static OAuthException registrationNotSupported() {
        return OAuthException.of("registration_not_supported", "the 'registration' parameter is not supported", 400);
    }
}
