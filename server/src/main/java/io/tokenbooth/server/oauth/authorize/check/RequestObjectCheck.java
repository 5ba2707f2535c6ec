package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;

/**
 * Request objects and dynamic registration are not supported: the dedicated errors of OpenID Connect Core §3.1.2.6
 * rather than silently ignoring parameters that may carry the real request.
 */
public final class RequestObjectCheck {
    private RequestObjectCheck() {
    }

    public static void apply(AuthorizationParameters p) {
        if (p.has("request")) {
            throw AuthorizationErrors.requestNotSupported();
        }
        if (p.has("request_uri")) {
            throw AuthorizationErrors.requestUriNotSupported();
        }
        if (p.has("registration")) {
            throw AuthorizationErrors.registrationNotSupported();
        }
    }
}
