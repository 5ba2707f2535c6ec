package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.api.RegisteredApis;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oidc.IdTokenMinter;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.AccessTokenRequest;
import io.tokenbooth.server.token.IssuedAccessToken;
import io.tokenbooth.server.token.refresh.RefreshFamily;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What every grant does the same way: access tokens through the one {@link AccessTokenMinter} with the client's own
 * lifetime, audiences from resource indicators (RFC 8707) or the client's default, refresh families with the client's
 * own lifetimes, and ID tokens. Registered APIs ({@link RegisteredApis}) widen the resources a client may ask for,
 * give a request without {@code resource} the audience of the one API its scopes belong to, and set the lifetime of
 * their tokens. A user's authorization ends here however it was obtained: an authorization code or the
 * first-party login. Thread-safe.
 */
public final class TokenIssuer {
    private final AccessTokenMinter minter;
    private final IdTokenMinter idTokens;
    private final RefreshTokenService refreshTokens;
    private final String issuer;
    private final RegisteredApis apis;

    public TokenIssuer(AccessTokenMinter minter, IdTokenMinter idTokens, RefreshTokenService refreshTokens,
                       String issuer, RegisteredApis apis) {
        this.minter = minter;
        this.idTokens = idTokens;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.apis = apis;
    }

    /** An issuer without registered APIs. */
    public TokenIssuer(AccessTokenMinter minter, IdTokenMinter idTokens, RefreshTokenService refreshTokens,
                       String issuer) {
        this(minter, idTokens, refreshTokens, issuer, RegisteredApis.none());
    }

    /**
     * What a user authorized a client to get: the access token's scope and audiences, what a refresh family
     * remembers of the sign-in ({@code auth_time}, {@code amr}, the audiences it was granted — none to follow the
     * client's default), the {@code nonce} for the ID token, and whether a refresh family starts.
     */
    record UserGrant(String accountId, String scope, List<String> audiences, RefreshFamily.Details remembered,
                     Optional<String> nonce, boolean withRefresh) {
    }

    /**
     * Issues a user's tokens: an access token, a refresh family when asked for, and an ID token when the scope has
     * {@code openid} (OIDC Core §3.1.3.3).
     */
    IssuedTokens issue(Client client, UserGrant grant) {
        AccessTokenMinter.Slot slot = accessSlot(client, grant.audiences());
        IssuedAccessToken access = accessToken(client, grant.accountId(), grant.scope(), grant.audiences(), slot);
        // The family remembers the access token's status index, written with the family (issue 7).
        Optional<RefreshTokenService.Issued> refresh = !grant.withRefresh() ? Optional.empty()
                : Optional.of(refreshTokens.issue(grant.accountId(), client.clientId(), grant.scope(),
                        grant.remembered(), client.refreshIdleTtl(), client.refreshAbsoluteTtl(), slot));
        return new IssuedTokens(access, Optional.of(grant.scope()), refresh, idToken(client, grant.accountId(),
                grant.scope(), grant.remembered(), grant.nonce(), access));
    }

    /**
     * The times and status index of an access token for {@code client} and {@code audiences}, reserved before it is
     * minted: the lifetime registered for its API (the shortest of them for several), else the client's
     * {@code access_token_ttl} if set, else the configured one.
     */
    AccessTokenMinter.Slot accessSlot(Client client, List<String> audiences) {
        return minter.reserve(ttl(client, audiences));
    }

    /**
     * A slot for {@code client} when its audiences are not known yet (a refresh learns them in the rotation that must
     * record the index): the longest lifetime any of them could get. {@link #accessToken} shortens it to the real one;
     * the status list only ever covers a longer span than the token, never a shorter one.
     */
    AccessTokenMinter.Slot accessSlotForAnyAudience(Client client) {
        Duration own = client.accessTokenTtl().orElse(minter.ttl());
        Duration longest = apis.longestAccessTokenTtl().filter(t -> t.compareTo(own) > 0).orElse(own);
        return minter.reserve(longest);
    }

    /** Gives back the status index of a slot whose token will not be minted ({@link AccessTokenMinter#release}). */
    void release(AccessTokenMinter.Slot slot) {
        minter.release(slot);
    }

    /** The access token of {@code slot} for {@code client}, with the lifetime its audiences get. */
    IssuedAccessToken accessToken(Client client, String subject, String scope, List<String> audiences,
                                  AccessTokenMinter.Slot slot) {
        return minter.mint(new AccessTokenRequest(subject, client.clientId(), scope, audiences),
                slot.shortenedTo(ttl(client, audiences)));
    }

    /** A client's own access token (client_credentials): {@code sub} is the client, and the token says so. */
    IssuedAccessToken clientAccessToken(Client client, String scope, List<String> audiences) {
        return minter.mint(AccessTokenRequest.forClient(client.clientId(), scope, audiences), ttl(client, audiences));
    }

    private Duration ttl(Client client, List<String> audiences) {
        return apis.accessTokenTtl(audiences).orElseGet(() -> client.accessTokenTtl().orElse(minter.ttl()));
    }

    /**
     * An ID token when {@code scope} has {@code openid}, with the {@code auth_time} and {@code amr} of the sign-in
     * and the {@code at_hash} of {@code access}.
     */
    Optional<String> idToken(Client client, String accountId, String scope, RefreshFamily.Details signIn,
                             Optional<String> nonce, IssuedAccessToken access) {
        if (!Scopes.of(scope).contains(Scopes.OPENID)) {
            return Optional.empty();
        }
        return Optional.of(idTokens.mint(new IdTokenMinter.Request(accountId, client.clientId(), signIn.authTime(),
                nonce, signIn.amr(), access.value())));
    }

    /** The {@code aud} when no resource is asked for: the client's first registered audience, else the issuer. */
    List<String> defaultAudiences(Client client) {
        return List.of(client.audiences().isEmpty() ? issuer : client.audiences().get(0));
    }

    /**
     * The {@code aud} of a request without {@code resource}: the registered API its scopes belong to, else the
     * client's default ({@code invalid_target} for scopes of several APIs).
     */
    List<String> audiencesFor(Client client, Collection<String> scopes) {
        return apis.audienceOf(scopes).map(List::of).orElseGet(() -> defaultAudiences(client));
    }

    /**
     * The RFC 8707 {@code resource} parameters, each an absolute URI without fragment (§2) registered among the
     * client's audiences or a registered API's the client may ask for ({@link RegisteredApis#mayTarget}); otherwise
     * {@code invalid_target}. Empty when none were sent.
     */
    List<String> requestedAudiences(Client client, List<String> resources) {
        for (String resource : resources) {
            if (!isAbsoluteWithoutFragment(resource)) {
                throw OAuthException.invalidTarget("resource must be an absolute URI without a fragment");
            }
            if (!apis.mayTarget(client, resource)) {
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
