package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.client.Client;

/**
 * Where answers to an authorization request may go: a registered client and one of its redirect URIs. Known before
 * anything else is checked, so that every later error can be sent back to the client (RFC 6749 §4.1.2.1).
 *
 * @param redirectUri the URI to redirect to: the one presented, or the client's only registered one if none was
 */
public record RedirectTarget(Client client, String redirectUri) {
}
