package io.tokenbooth.server.token;

import java.util.List;

/**
 * What an access token should say: subject, client, scope and audiences (RFC 9068 §2.2).
 *
 * @param clientOnly whether the token is a client's own (client_credentials), with the client as {@code sub}
 */
public record AccessTokenRequest(String subject, String clientId, String scope, List<String> audiences,
                                 boolean clientOnly) {
    public AccessTokenRequest {
        audiences = List.copyOf(audiences);
    }

    /** A token acting for the account {@code subject}. */
    public AccessTokenRequest(String subject, String clientId, String scope, List<String> audiences) {
        this(subject, clientId, scope, audiences, false);
    }

    /** A client's own token (RFC 9068 §2.2: {@code sub} is then the client id), marked as such by the minter. */
    public static AccessTokenRequest forClient(String clientId, String scope, List<String> audiences) {
        return new AccessTokenRequest(clientId, clientId, scope, audiences, true);
    }
}
