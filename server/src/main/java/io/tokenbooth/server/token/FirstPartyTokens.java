package io.tokenbooth.server.token;

import io.tokenbooth.server.account.Account;
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
    private final List<String> audiences;

    public FirstPartyTokens(AccessTokenMinter minter, RefreshTokenService refreshTokens, String audience) {
        this.minter = minter;
        this.refreshTokens = refreshTokens;
        this.audiences = List.of(audience);
    }

    public TokenPair issue(Account account) {
        RefreshTokenService.Issued refresh = refreshTokens.issue(account.id(), CLIENT_ID, SCOPE);
        return pair(account.id(), refresh);
    }

    /** Rotates {@code refreshToken}; the account must still exist and be enabled. */
    public TokenPair refresh(String refreshToken) {
        // No separate account read: the rotation's transaction already refuses (and ends) the family of a disabled
        // account, and disabling an account revokes all its families, including one rotated a moment before.
        RefreshTokenService.Issued refresh = refreshTokens.rotate(refreshToken);
        return pair(refresh.family().accountId(), refresh);
    }

    /**
     * Ends the family of a first-party refresh token. An OAuth client's token changes nothing: it may be revoked only
     * by its client, authenticated, at {@code /oauth2/revoke} (RFC 7009 §2.1).
     */
    public void logout(String refreshToken) {
        refreshTokens.revoke(refreshToken, CLIENT_ID, "logout");
    }

    private TokenPair pair(String accountId, RefreshTokenService.Issued refresh) {
        IssuedAccessToken access = minter.mint(new AccessTokenRequest(accountId, CLIENT_ID, SCOPE, audiences));
        return new TokenPair(access.value(), "Bearer", access.expiresIn(), refresh.token(), refresh.expiresIn());
    }
}
