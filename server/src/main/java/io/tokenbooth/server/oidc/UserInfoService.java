package io.tokenbooth.server.oidc;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.token.BearerTokens;
import io.tokenbooth.verifier.VerifiedToken;
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
    private final BearerTokens bearer;

    public UserInfoService(BearerTokens bearer) {
        this.bearer = bearer;
    }

    public Map<String, Object> claims(String accessToken) {
        BearerTokens.Bearer checked = bearer.require(accessToken, BearerTokens.Audience.ANY, "openid");
        VerifiedToken token = checked.token();
        Account account = checked.account();
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
