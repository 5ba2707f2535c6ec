package io.tokenbooth.server.oidc;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.AccountService;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.AccessTokenVerifier;
import io.tokenbooth.server.token.VerifiedAccessToken;
import io.tokenbooth.server.token.revocation.AccessTokenDenyList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims the UserInfo endpoint returns (OIDC Core §5.3, §5.4) for an access token: verified locally for any
 * audience, not revoked, with {@code openid} in its scope, of an enabled account. {@code sub} always; with
 * {@code profile}, {@code preferred_username} and {@code name} (both the username: Tokenbooth keeps no other name);
 * with {@code email}, {@code email} and {@code email_verified: false} (addresses are not verified) when the account
 * has one. Thread-safe.
 */
public final class UserInfoService {
    private final AccessTokenVerifier verifier;
    private final AccessTokenDenyList denyList;
    private final AccountService accounts;

    public UserInfoService(AccessTokenVerifier verifier, AccessTokenDenyList denyList, AccountService accounts) {
        this.verifier = verifier;
        this.denyList = denyList;
        this.accounts = accounts;
    }

    public Map<String, Object> claims(String accessToken) {
        VerifiedAccessToken token = verifier.verifyAnyAudience(accessToken);
        if (denyList.isRevoked(token.jti())) {
            throw OAuthException.invalidToken("the access token has been revoked");
        }
        if (!token.hasScope("openid")) {
            throw OAuthException.insufficientScope("the access token lacks the openid scope");
        }
        Account account = accounts.findById(token.accountId()).filter(a -> !a.disabled())
                .orElseThrow(() -> OAuthException.invalidToken("the account behind this token is gone or disabled"));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", account.id());
        if (token.hasScope("profile")) {
            claims.put("preferred_username", account.username());
            claims.put("name", account.username());
        }
        if (token.hasScope("email") && account.email().isPresent()) {
            claims.put("email", account.email().get());
            claims.put("email_verified", false);
        }
        return claims;
    }
}
