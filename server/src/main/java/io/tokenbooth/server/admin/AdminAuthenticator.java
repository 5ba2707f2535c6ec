package io.tokenbooth.server.admin;

import io.javalin.http.Context;
import io.tokenbooth.server.http.BearerToken;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.OpaqueTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Guards the admin API with the configured bearer credential ({@code admin.token}), compared in constant time. */
public final class AdminAuthenticator {
    private final Optional<byte[]> expectedHash;

    public AdminAuthenticator(Optional<String> adminToken) {
        this.expectedHash = adminToken.map(t -> OpaqueTokens.hash(t).getBytes(StandardCharsets.US_ASCII));
    }

    public void require(Context ctx) {
        if (expectedHash.isEmpty()) {
            throw OAuthException.accessDenied("the admin API is disabled; set admin.token to enable it");
        }
        String presented = BearerToken.from(ctx);
        byte[] hash = OpaqueTokens.hash(presented).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(hash, expectedHash.get())) {
            throw OAuthException.invalidToken("the admin credential is not valid");
        }
    }
}
