package io.tokenbooth.server.oauth.revoke;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.AccessTokenVerifier;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import io.tokenbooth.server.token.StatusClaim;
import io.tokenbooth.server.token.revocation.AccessTokenDenyList;
import io.tokenbooth.server.token.status.StatusIndex;
import io.tokenbooth.server.token.status.StatusListView;
import java.util.List;
import java.util.Optional;
import io.tokenbooth.verifier.VerifiedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token revocation (RFC 7009 §2.1): a client revokes its own tokens. A refresh token ends its whole family and flips
 * the status bits of the access tokens the family minted; an access token flips its own bit (from its verified
 * {@code status} claim), or, minted before status lists, goes on the deny-list until it expires. Tokens of other clients, unknown, expired or malformed tokens
 * change nothing, and the caller cannot tell (§2.2). The kind of token is told by its form, so
 * {@code token_type_hint} is not needed and unknown hints are ignored (§2.2.1: the hint is only a hint). Thread-safe.
 */
public final class TokenRevoker {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRevoker.class);

    private final AccessTokenVerifier verifier;
    private final AccessTokenDenyList denyList;
    private final RefreshTokenService refreshTokens;
    private final StatusListView statusLists;
    private final String issuer;

    public TokenRevoker(AccessTokenVerifier verifier, AccessTokenDenyList denyList, RefreshTokenService refreshTokens,
                        StatusListView statusLists, String issuer) {
        this.verifier = verifier;
        this.denyList = denyList;
        this.refreshTokens = refreshTokens;
        this.statusLists = statusLists;
        this.issuer = issuer;
    }

    public void revoke(Client caller, String token) {
        if (token.indexOf('.') >= 0) {
            revokeAccessToken(caller, token);
        } else {
            refreshTokens.find(token)
                    .filter(s -> s.family().clientId().equals(caller.clientId()))
                    .ifPresent(s -> {
                        if (refreshTokens.revokeFamily(s.family().id(), "revoked_by_client")) {
                            LOG.info("client {} revoked refresh family {}", caller.clientId(), s.family().id());
                        }
                    });
        }
    }

    private void revokeAccessToken(Client caller, String token) {
        VerifiedToken t;
        try {
            t = verifier.verifyAnyAudience(token);
        } catch (OAuthException e) {
            return;
        }
        if (caller.clientId().equals(t.clientId())) {
            Optional<StatusIndex> status = StatusClaim.read(t.claims().getClaims(), issuer);
            if (status.isPresent()) {
                statusLists.invalidate(List.of(status.get()));
            } else {
                denyList.revoke(t.jti(), t.expiresAt());
            }
        }
    }
}
