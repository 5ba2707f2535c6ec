package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthParameters;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.IssuedAccessToken;
import io.tokenbooth.server.token.refresh.RefreshFamily;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import io.tokenbooth.server.token.refresh.RefreshTokenState;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code refresh_token} grant (RFC 6749 §6, RFC 9700 §4.14.2, OIDC Core §12). The token must belong to the
 * authenticated client — another client's token is {@code invalid_grant} and stays unspent. It rotates with reuse
 * detection, the same as the first-party API. An optional {@code scope} narrows the new access token to a subset of
 * the family's scope ({@code invalid_scope} otherwise, checked before the token is spent); the family keeps its scope.
 * {@code resource} (RFC 8707 §2.2) narrows the new access token to some of the resources the grant was for
 * ({@code invalid_target} otherwise, also checked before the token is spent); the family keeps all of them. With
 * {@code openid} in scope a new ID token comes too, with the original {@code auth_time} and {@code amr} and no
 * {@code nonce}. Within the reuse grace a retry gets the same refresh token and fresh access and ID tokens.
 * <p>
 * The first-party API's {@code /api/v1/refresh} is this grant for the built-in client ({@link #refresh}), so both
 * APIs share every rule — rotation, reuse grace, and the one rule for disabled accounts, kept where the rotation
 * happens: the store's rotation refuses the token of a disabled account and ends its family in the same transaction
 * ({@link io.tokenbooth.server.token.refresh.RefreshTokenStore#rotate}), and disabling an account ends all its families
 * ({@code AccountService.setDisabled}), so a refresh that raced with the disable is refused the next time. No second
 * read of the account here: it would cost the hot path a transaction (docs/performance.md). Thread-safe.
 */
public final class RefreshTokenGrant implements GrantHandler {
    private final RefreshTokenService refreshTokens;
    private final TokenIssuer issuer;

    public RefreshTokenGrant(RefreshTokenService refreshTokens, TokenIssuer issuer) {
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
    }

    @Override
    public String grantType() {
        return "refresh_token";
    }

    /**
     * A refresh as either API asks for it: the token, and optionally a narrower {@code scope} and {@code resource}s
     * (RFC 8707), not yet checked.
     */
    public record Request(String refreshToken, Optional<String> scope, List<String> resources) {
        public Request {
            resources = List.copyOf(resources);
        }

        /** Just the token: the family's scope and audiences. */
        public static Request of(String refreshToken) {
            return new Request(refreshToken, Optional.empty(), List.of());
        }
    }

    @Override
    public IssuedTokens handle(Client client, OAuthParameters params) {
        return refresh(client, new Request(params.require("refresh_token"), params.get("scope"), params.all("resource")));
    }

    /** Rotates {@code request.refreshToken()} of {@code client}'s family and issues new tokens. */
    public IssuedTokens refresh(Client client, Request request) {
        String token = request.refreshToken();
        Optional<Set<String>> narrowed = request.scope().map(Scopes::parse);
        List<String> resources = issuer.requestedAudiences(client, request.resources());
        if (narrowed.isPresent() || !resources.isEmpty()) {
            // Checked before rotating, so that a bad scope or resource does not cost the client its token.
            Optional<RefreshTokenState> state = refreshTokens.find(token)
                    .filter(s -> s.family().clientId().equals(client.clientId()));
            if (state.isPresent()) {
                narrowed.ifPresent(n -> requireSubset(n, state.get().family()));
                requireGranted(resources, granted(client, state.get().family()));
            }
        }
        // The new access token's status index is reserved first, so the rotation records it in its transaction; a
        // refused rotation (invalid_grant: unknown, spent, expired, revoked, disabled) recorded nothing and gives the
        // index back (docs/decisions.md, "Issue 7: a refused refresh's status index").
        AccessTokenMinter.Slot slot = issuer.accessSlotForAnyAudience(client);
        RefreshTokenService.Issued rotated;
        try {
            rotated = refreshTokens.rotate(token, client.clientId(), client.refreshIdleTtl(), slot);
        } catch (OAuthException e) {
            if ("invalid_grant".equals(e.error())) {
                issuer.release(slot);
            }
            throw e;
        }
        RefreshFamily family = rotated.family();
        narrowed.ifPresent(s -> requireSubset(s, family));
        List<String> granted = granted(client, family);
        requireGranted(resources, granted);
        String scope = narrowed.map(Scopes::join).orElse(family.scope());
        List<String> audiences = !resources.isEmpty() ? resources : granted;
        IssuedAccessToken access = issuer.accessToken(client, family.accountId(), scope, audiences, slot);
        // OIDC Core §12.2: the original auth_time and amr, and no nonce.
        return new IssuedTokens(access, Optional.of(scope), Optional.of(rotated), issuer.idToken(client,
                family.accountId(), scope, family.details(), Optional.empty(), access));
    }

    /**
     * The resources the authorization was granted for: the family's audiences, or for a family from before they were
     * recorded, the client's default.
     */
    private List<String> granted(Client client, RefreshFamily family) {
        return !family.details().audiences().isEmpty() ? family.details().audiences() : issuer.defaultAudiences(client);
    }

    /**
     * RFC 8707 §2.2: a refresh may ask for fewer resources than were granted, never for others — else a token for one
     * API could be refreshed into a token for another that the user never authorized.
     */
    private static void requireGranted(List<String> resources, List<String> granted) {
        if (!granted.containsAll(resources)) {
            throw OAuthException.invalidTarget("the resource was not part of the original authorization");
        }
    }

    private static void requireSubset(Set<String> requested, RefreshFamily family) {
        if (!Scopes.of(family.scope()).containsAll(requested)) {
            throw OAuthException.invalidScope("the requested scope exceeds the scope originally granted");
        }
    }
}
