package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oidc.IdTokenMinter;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.AccessTokenRequest;
import io.tokenbooth.server.token.IssuedAccessToken;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * What every grant does the same way: access tokens through the one {@link AccessTokenMinter} with the client's own
 * lifetime, audiences from resource indicators (RFC 8707) or the client's default, and ID tokens. Thread-safe.
 */
public final class TokenIssuer {
    private final AccessTokenMinter minter;
    private final IdTokenMinter idTokens;
    private final String issuer;

    public TokenIssuer(AccessTokenMinter minter, IdTokenMinter idTokens, String issuer) {
        this.minter = minter;
        this.idTokens = idTokens;
        this.issuer = issuer;
    }

    /** An access token for {@code client}: the client's {@code access_token_ttl} if set, else the configured one. */
    IssuedAccessToken accessToken(Client client, String subject, String scope, List<String> audiences) {
        return minter.mint(new AccessTokenRequest(subject, client.clientId(), scope, audiences),
                client.accessTokenTtl().orElse(minter.ttl()));
    }

    /** A client's own access token (client_credentials): {@code sub} is the client, and the token says so. */
    IssuedAccessToken clientAccessToken(Client client, String scope, List<String> audiences) {
        return minter.mint(AccessTokenRequest.forClient(client.clientId(), scope, audiences),
                client.accessTokenTtl().orElse(minter.ttl()));
    }

    String idToken(IdTokenMinter.Request request) {
        return idTokens.mint(request);
    }

    /** The {@code aud} when no resource is asked for: the client's first registered audience, else the issuer. */
    List<String> defaultAudiences(Client client) {
        return List.of(client.audiences().isEmpty() ? issuer : client.audiences().get(0));
    }

    /**
     * The RFC 8707 {@code resource} parameters, each an absolute URI without fragment (§2) registered among the
     * client's audiences; otherwise {@code invalid_target}. Empty when none were sent.
     */
    List<String> requestedAudiences(Client client, List<String> resources) {
        for (String resource : resources) {
            if (!isAbsoluteWithoutFragment(resource)) {
                throw OAuthException.invalidTarget("resource must be an absolute URI without a fragment");
            }
            if (!client.audiences().contains(resource)) {
                throw OAuthException.invalidTarget("the resource is not registered for this client");
            }
        }
        return resources.stream().distinct().toList();
    }

    private static boolean isAbsoluteWithoutFragment(String resource) {
        try {
            URI u = new URI(resource);
            return u.isAbsolute() && u.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
