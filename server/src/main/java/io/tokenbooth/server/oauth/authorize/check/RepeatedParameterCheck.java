package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;

/** No parameter appears twice (RFC 6749 §3.1), except {@code resource}, which may be repeated (RFC 8707 §2). */
public final class RepeatedParameterCheck {
    private RepeatedParameterCheck() {
    }

    public static void apply(AuthorizationParameters p) {
        for (String name : AuthorizationParameters.DEFINED) {
            if (!name.equals("resource") && p.repeated(name)) {
                throw OAuthException.invalidRequest("the parameter '" + name + "' is repeated");
            }
        }
    }
}
