package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;

/**
 * {@code response_type=code} only: no implicit or hybrid flows (OAuth 2.1, RFC 9700 §2.1.2); and the client must be
 * registered for the authorization_code grant (RFC 6749 §4.1.2.1 {@code unauthorized_client}).
 */
public final class ResponseTypeCheck {
    private ResponseTypeCheck() {
    }

    public static void apply(AuthorizationParameters p, Client client) {
        String responseType = p.single("response_type")
                .orElseThrow(() -> OAuthException.invalidRequest("response_type is required"));
        if (!responseType.equals("code")) {
            throw AuthorizationErrors.unsupportedResponseType("only response_type=code is supported");
        }
        if (!client.allowsGrant("authorization_code")) {
            throw OAuthException.unauthorizedClient("the client is not registered for the authorization_code grant");
        }
    }
}
