package io.tokenbooth.server.token;

import java.util.List;

/** What an access token should say: subject, client, scope and audiences (RFC 9068 §2.2). */
public record AccessTokenRequest(String subject, String clientId, String scope, List<String> audiences) {
    public AccessTokenRequest {
        audiences = List.copyOf(audiences);
    }
}
