package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthParameters;
import io.tokenbooth.server.token.IssuedAccessToken;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code client_credentials} grant (RFC 6749 §4.4): a confidential client acting for itself, so {@code sub} is
 * its client id and the token is marked {@code gty: client_credentials} (RFC 9700 §4.15: it must never pass for a
 * user's token), no refresh token is issued (§4.4.3) and the user scopes {@code openid} and {@code offline_access}
 * are refused. {@code scope} must be among the client's registered scopes; without it, the client's registered
 * scopes minus the OpenID Connect user scopes, in alphabetical order. {@code resource} (RFC 8707) picks audiences among the client's and its registered APIs'; without it, the API the scopes belong to.
 * Built for throughput: no database access beyond the (cached) client lookup, one signature. Thread-safe.
 */
public final class ClientCredentialsGrant implements GrantHandler {
    /** Scopes about a user, which a client acting for itself cannot have; the first two are refused outright. */
    private static final Set<String> USER_SCOPES = Set.of(Scopes.OPENID, Scopes.OFFLINE_ACCESS, "profile", "email",
            "address", "phone");

    private final TokenIssuer issuer;

    public ClientCredentialsGrant(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public String grantType() {
        return "client_credentials";
    }

    @Override
    public IssuedTokens handle(Client client, OAuthParameters params) {
        if (client.isPublic()) {
            throw OAuthException.unauthorizedClient("a public client cannot use client_credentials");
        }
        Set<String> scopes;
        if (params.has("scope")) {
            scopes = Scopes.parse(params.get("scope").orElseThrow());
            if (scopes.contains(Scopes.OPENID) || scopes.contains(Scopes.OFFLINE_ACCESS)) {
                throw OAuthException.invalidScope("openid and offline_access need a user; client_credentials has none");
            }
            if (!client.scopes().containsAll(scopes)) {
                throw OAuthException.invalidScope("the requested scope is not registered for this client");
            }
        } else {
            // Sorted: the registered scopes are a set without order, and the answer should not vary between calls.
            scopes = new LinkedHashSet<>(client.scopes().stream().filter(s -> !USER_SCOPES.contains(s)).sorted().toList());
        }
        List<String> resources = issuer.requestedAudiences(client, params.all("resource"));
        List<String> audiences = resources.isEmpty() ? issuer.audiencesFor(client, scopes) : resources;
        String scope = Scopes.join(scopes);
        IssuedAccessToken access = issuer.clientAccessToken(client, scope, audiences);
        return new IssuedTokens(access, scope.isEmpty() ? Optional.empty() : Optional.of(scope), Optional.empty(),
                Optional.empty());
    }
}
