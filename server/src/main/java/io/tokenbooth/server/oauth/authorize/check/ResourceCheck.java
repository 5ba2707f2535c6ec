package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Resource indicators (RFC 8707 §2): each {@code resource} is an absolute URI without fragment and one of the
 * client's registered audiences; otherwise {@code invalid_target}. Repeats of one value collapse.
 */
public final class ResourceCheck {
    private ResourceCheck() {
    }

    public static List<String> apply(AuthorizationParameters p, Client client) {
        List<String> resources = p.all("resource").stream().distinct().toList();
        for (String r : resources) {
            if (!absoluteWithoutFragment(r)) {
                throw OAuthException.invalidTarget("each resource must be an absolute URI without a fragment");
            }
            if (!client.audiences().contains(r)) {
                throw OAuthException.invalidTarget("a requested resource is not registered for this client");
            }
        }
        return resources;
    }

    private static boolean absoluteWithoutFragment(String value) {
        try {
            URI u = new URI(value);
            return u.isAbsolute() && u.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
