package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.api.RegisteredApis;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Resource indicators (RFC 8707 §2): each {@code resource} is an absolute URI without fragment and one of the
 * client's registered audiences or a registered API's the client holds a scope of; otherwise {@code invalid_target}.
 * Repeats of one value collapse. Without {@code resource}, the audience of the registered API the scopes belong to,
 * if any ({@code invalid_target} for scopes of several APIs), so the code remembers it.
 */
public final class ResourceCheck {
    private ResourceCheck() {
    }

    public static List<String> apply(AuthorizationParameters p, Client client, List<String> scopes, RegisteredApis apis) {
        List<String> resources = p.all("resource").stream().distinct().toList();
        if (resources.isEmpty()) {
            return apis.audienceOf(scopes).map(List::of).orElse(List.of());
        }
        for (String r : resources) {
            if (!absoluteWithoutFragment(r)) {
                throw OAuthException.invalidTarget("each resource must be an absolute URI without a fragment");
            }
            if (!apis.mayTarget(client, r)) {
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
