package io.tokenbooth.server.token;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.AccountStore;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import java.util.List;

/**
 * Token issuance for the server's own web and mobile apps: a login starts a refresh family and returns an access
 * token; a refresh rotates the family and returns a new pair; a logout ends the family. Thread-safe.
 */
public final class FirstPartyTokens {
    /** The {@code client_id} in first-party access tokens. */
    public static final String CLIENT_ID = "first-party";
    /** The {@code scope} of first-party access tokens. */
    public static final String SCOPE = "api";

    private final AccessTokenMinter minter;
    private final RefreshTokenService refreshTokens;
    private final AccountStore accounts;
    private final List<String> audiences;

    public FirstPartyTokens(AccessTokenMinter minter, RefreshTokenService refreshTokens, AccountStore accounts,
                            String audience) {
        this.minter = minter;
        this.refreshTokens = refreshTokens;
        this.accounts = accounts;
        this.audiences = List.of(audience);
    }

    public TokenPair issue(Account account) {
        RefreshTokenService.Issued refresh = refreshTokens.issue(account.id(), CLIENT_ID, SCOPE);
        return pair(account.id(), refresh);
    }

    /** Rotates {@code refreshToken}; the account must still exist and be enabled. */
    public TokenPair refresh(String refreshToken) {
        RefreshTokenService.Issued refresh = refreshTokens.rotate(refreshToken);
        String accountId = refresh.family().accountId();
        // The store ends families of disabled accounts during rotation; this catches a disable that raced with it.
        Account account = accounts.findById(accountId).filter(a -> !a.disabled()).orElseThrow(() -> {
            refreshTokens.revoke(refresh.token(), "account_disabled");
            return OAuthException.invalidGrant("the refresh token is no longer valid");
        });
        return pair(account.id(), refresh);
    }

    public void logout(String refreshToken) {
        refreshTokens.revoke(refreshToken, "logout");
    }

    private TokenPair pair(String accountId, RefreshTokenService.Issued refresh) {
        IssuedAccessToken access = minter.mint(new AccessTokenRequest(accountId, CLIENT_ID, SCOPE, audiences));
        return new TokenPair(access.value(), "Bearer", access.expiresIn(), refresh.token(), refresh.expiresIn());
    }
}
