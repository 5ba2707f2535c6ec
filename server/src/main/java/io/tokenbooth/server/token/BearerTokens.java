package io.tokenbooth.server.token;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.AccountService;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.revocation.AccessTokenDenyList;
import io.tokenbooth.server.token.status.StatusIndex;
import io.tokenbooth.server.token.status.StatusListView;
import io.tokenbooth.verifier.TokenRejectedException;
import io.tokenbooth.verifier.VerifiedToken;
import java.util.Optional;

/**
 * The one bearer-token check of the endpoints that take this server's access tokens (RFC 6750): verified
 * ({@link AccessTokenVerifier}), not revoked — its Token Status List bit not set (this node's copy of the lists, in
 * memory) and, for tokens from before status lists, its {@code jti} not on the RFC 7009 deny-list — carrying the scope the endpoint needs,
 * and acting for an account that exists and is enabled. Used by {@code /api/v1/me} (own audience, {@code api}),
 * UserInfo (any audience, {@code openid}) and, without scope and account, by introspection. Failures are
 * {@code invalid_token} (401) or {@code insufficient_scope} (403), so the exception mapper writes the challenge.
 * Thread-safe.
 */
public final class BearerTokens {
    /** Which {@code aud} the endpoint accepts. */
    public enum Audience {
        /** This server's own API: {@code aud} contains the configured audience. */
        OWN_API,
        /** Any audience this server issued for (UserInfo answers about every token it issued). */
        ANY
    }

    /** A token that passed the check, and the account it acts for. */
    public record Bearer(VerifiedToken token, Account account) {
    }

    private final AccessTokenVerifier verifier;
    private final AccessTokenDenyList denyList;
    private final AccountService accounts;
    private final StatusListView statusLists;
    private final String issuer;

    public BearerTokens(AccessTokenVerifier verifier, AccessTokenDenyList denyList, AccountService accounts,
                        StatusListView statusLists, String issuer) {
        this.verifier = verifier;
        this.denyList = denyList;
        this.accounts = accounts;
        this.statusLists = statusLists;
        this.issuer = issuer;
    }

    /**
     * Whether {@code t} has been revoked: its status bit (issue 7), or its jti on the older deny-list, which stays
     * behind the bits for tokens without a {@code status} claim and revocations recorded before status lists. Both
     * in memory.
     */
    private boolean revoked(VerifiedToken t) {
        Optional<StatusIndex> status = StatusClaim.read(t.claims().getClaims(), issuer);
        return status.isPresent() && statusLists.isInvalid(status.get()) || denyList.isRevoked(t.jti());
    }

    /** Verified, not revoked, with {@code scope}, of an enabled account; otherwise an {@link OAuthException}. */
    public Bearer require(String token, Audience audience, String scope) {
        VerifiedToken t = audience == Audience.OWN_API ? verifier.verify(token) : verifier.verifyAnyAudience(token);
        if (revoked(t)) {
            throw OAuthException.invalidToken("the access token has been revoked");
        }
        try {
            t.requireScope(scope);
        } catch (TokenRejectedException e) {
            throw AccessTokenVerifier.toOAuth(e);
        }
        if (t.clientOnly()) {
            // A client's own token's sub names the client, not an account, even if it equals an account id.
            throw OAuthException.invalidToken("a client's own token (client_credentials) does not act for a user");
        }
        Account account = accounts.findById(t.subject()).filter(a -> !a.disabled())
                .orElseThrow(() -> OAuthException.invalidToken("the account behind this token is gone or disabled"));
        return new Bearer(t, account);
    }

    /**
     * Introspection's check (RFC 7662 §2.2): verified for any audience (remembered, see
     * {@link AccessTokenVerifier#verifyAnyAudienceRemembering}) and not revoked (status bit or deny-list, both in
     * memory); empty otherwise, never an exception.
     * No scope (the caller is a resource server, not the token's bearer) and no account: this stays free of the
     * database, so its cost does not grow with the number of tokens. A disabled account's access tokens stay active
     * here until they expire (at most the access-token lifetime), as they do at every resource server that verifies
     * them locally; disabling an account ends its refresh tokens at once.
     */
    public Optional<VerifiedToken> active(String token) {
        VerifiedToken t;
        try {
            t = verifier.verifyAnyAudienceRemembering(token);
        } catch (OAuthException e) {
            return Optional.empty();
        }
        return revoked(t) ? Optional.empty() : Optional.of(t);
    }
}
