package io.tokenbooth.server.token;

import io.tokenbooth.server.oauth.OAuthException;
import java.time.Instant;
import java.util.List;

/**
 * The claims of an access token whose signature, type, issuer, audience and times have been checked.
 *
 * @param scope the {@code scope} claim, or null when the token has none
 * @param clientOnly whether this is a client's own token, whose {@code sub} names the client, not an account (see
 *                   {@link #isClientOnly})
 */
public record VerifiedAccessToken(String subject, String clientId, String scope, List<String> audiences, String jti,
                                  Instant expiresAt, Instant issuedAt, boolean clientOnly) {

    /**
     * Whether a token with these claims is a client's own (RFC 9068 §2.2, RFC 9700 §4.15), told from the token
     * alone: marked {@code gty: client_credentials} by our minter, or, for tokens minted before that mark and as a
     * second line, {@code sub} equal to {@code client_id} (a client's own token always has it; a user's token has it
     * only if an operator named a client after that user's account id, and then it is refused, which fails closed).
     */
    public static boolean isClientOnly(String subject, String clientId, String grantType) {
        return AccessTokenMinter.CLIENT_CREDENTIALS.equals(grantType) || subject.equals(clientId);
    }

    /**
     * The account this token acts for, for endpoints that read {@code sub} as an account ({@code /api/v1/me},
     * UserInfo). A client's own token acts for no account: 401 {@code invalid_token}, even if its {@code sub}
     * happens to equal an account id.
     */
    public String accountId() {
        if (clientOnly) {
            throw OAuthException.invalidToken("a client's own token (client_credentials) does not act for a user");
        }
        return subject;
    }

    /** Whether the space-separated {@code scope} contains {@code value} (RFC 6749 §3.3). */
    public boolean hasScope(String value) {
        if (scope == null) {
            return false;
        }
        for (String s : scope.split(" ")) {
            if (s.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
