package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;

/**
 * Responses go in the redirect URI's query (RFC 6749 §4.1.2, the default for {@code code}); other response modes
 * (fragment, form_post, JARM) are refused rather than ignored, so a client never waits for an answer elsewhere.
 */
public final class ResponseModeCheck {
    private ResponseModeCheck() {
    }

    public static void apply(AuthorizationParameters p) {
        p.single("response_mode").filter(mode -> !mode.equals("query")).ifPresent(mode -> {
            throw OAuthException.invalidRequest("only response_mode=query is supported");
        });
    }
}
