package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthParameters;

/**
 * One grant type of the token endpoint (RFC 6749 §4). Handlers are composed in one list in the composition root;
 * {@link TokenGrants} picks one by {@code grant_type} once the client has been authenticated and is allowed the grant.
 * Implementations are thread-safe.
 */
public interface GrantHandler {

    /** The {@code grant_type} value this handler answers. */
    String grantType();

    /** Issues tokens to the authenticated {@code client}, or throws an {@code OAuthException} (RFC 6749 §5.2). */
    IssuedTokens handle(Client client, OAuthParameters params);
}
