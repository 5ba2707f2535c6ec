package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.RedirectUris;
import io.tokenbooth.server.oauth.authorize.AuthorizationPageException;
import io.tokenbooth.server.oauth.authorize.AuthorizationPageException.Reason;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;
import java.util.List;
import java.util.Optional;

/**
 * {@code redirect_uri} is one of the client's, compared exactly (RFC 9700 §4.1.3; loopback on any port, RFC 8252
 * §7.3). It may be left out when the client registered exactly one (RFC 6749 §3.1.2.3), except in OpenID Connect
 * requests, where it is required (OIDC Core §3.1.2.1). Any failure is an error page: a redirect to an unverified
 * URI would be an open redirector and could leak the code.
 */
public final class RedirectUriCheck {
    private RedirectUriCheck() {
    }

    public static String apply(AuthorizationParameters p, Client client) {
        if (p.repeated("redirect_uri")) {
            throw new AuthorizationPageException(Reason.REPEATED_PARAMETER, Optional.of("redirect_uri"));
        }
        Optional<String> presented = p.singleOrEmpty("redirect_uri");
        if (presented.isPresent()) {
            if (!RedirectUris.matches(client.redirectUris(), presented.get())) {
                throw new AuthorizationPageException(Reason.INVALID_REDIRECT_URI, Optional.empty());
            }
            return presented.get();
        }
        List<String> registered = client.redirectUris();
        if (registered.size() != 1 || openid(p)) {
            throw new AuthorizationPageException(Reason.MISSING_REDIRECT_URI, Optional.empty());
        }
        return registered.get(0);
    }

    private static boolean openid(AuthorizationParameters p) {
        return p.all("scope").stream().anyMatch(s -> List.of(s.split(" ")).contains("openid"));
    }
}
