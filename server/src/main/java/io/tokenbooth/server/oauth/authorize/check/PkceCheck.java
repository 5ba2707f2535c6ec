package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PKCE (RFC 7636, RFC 9700 §2.1.1): required for public clients, optional for confidential ones; {@code S256} only,
 * and the method must be named ({@code plain}, or a challenge without a method, which RFC 7636 §4.3 would read as
 * {@code plain}, is refused). An S256 challenge is the base64url of a SHA-256: exactly 43 characters.
 */
public final class PkceCheck {
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private PkceCheck() {
    }

    /** The challenge, when given. */
    public static Optional<String> apply(AuthorizationParameters p, Client client) {
        Optional<String> challenge = p.single("code_challenge");
        Optional<String> method = p.single("code_challenge_method");
        if (challenge.isEmpty()) {
            if (method.isPresent()) {
                throw OAuthException.invalidRequest("code_challenge_method without code_challenge");
            }
            if (client.isPublic()) {
                throw OAuthException.invalidRequest("PKCE is required for public clients: send code_challenge and "
                        + "code_challenge_method=S256");
            }
            return Optional.empty();
        }
        if (method.isEmpty() || !method.get().equals("S256")) {
            throw OAuthException.invalidRequest("code_challenge_method must be S256");
        }
        if (!S256_CHALLENGE.matcher(challenge.get()).matches()) {
            throw OAuthException.invalidRequest("code_challenge must be 43 characters of base64url (RFC 7636 §4.2)");
        }
        return challenge;
    }
}
