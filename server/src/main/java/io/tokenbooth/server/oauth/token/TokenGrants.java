package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grant types the token endpoint knows, keyed by {@code grant_type}. Anything else (including {@code password}
 * and {@code implicit}, which OAuth 2.1 removed) is {@code unsupported_grant_type}; a grant outside the client's
 * registration is {@code unauthorized_client} (RFC 6749 §5.2). Thread-safe.
 */
public final class TokenGrants {
    private final Map<String, GrantHandler> handlers = new LinkedHashMap<>();

    public TokenGrants(List<GrantHandler> handlers) {
        for (GrantHandler h : handlers) {
            if (this.handlers.put(h.grantType(), h) != null) {
                throw new IllegalArgumentException("two handlers for " + h.grantType());
            }
        }
    }

    /** Runs the grant the request names for the authenticated {@code client}. */
    public IssuedTokens handle(Client client, OAuthParameters params) {
        String grantType = params.require("grant_type");
        GrantHandler handler = handlers.get(grantType);
        if (handler == null) {
            throw OAuthException.unsupportedGrantType("grant_type must be one of " + handlers.keySet());
        }
        if (!client.allowsGrant(grantType)) {
            throw OAuthException.unauthorizedClient("the client is not registered for the " + grantType + " grant");
        }
        return handler.handle(client, params);
    }

    /** The supported grant types, for discovery. */
    public List<String> grantTypes() {
        return List.copyOf(handlers.keySet());
    }
}
