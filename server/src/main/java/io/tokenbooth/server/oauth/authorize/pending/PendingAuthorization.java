package io.tokenbooth.server.oauth.authorize.pending;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An authorization request waiting for the user between pages (sign-in, consent, and later steps), known to the
 * server only by the SHA-256 of its id and bound to one browser by the SHA-256 of that browser's binding cookie.
 *
 * @param parameters the request's parameters as validated ({@code AuthorizationParameters.validated}); every step
 *                   validates them again against the client as registered then
 * @param authenticated the progress so far: who has authenticated for this request, empty until someone has
 * @param completedAt when the request was answered (code or error redirect); a completed request is never resumed
 */
public record PendingAuthorization(String idHash, String bindingHash, String clientId,
                                   Map<String, List<String>> parameters, Optional<Authenticated> authenticated,
                                   Instant createdAt, Instant expiresAt, Optional<Instant> completedAt) {

    public PendingAuthorization {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        parameters = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * A completed authentication step, recorded so that a later step (consent, a second factor, the return from an
     * upstream identity provider) resumes from it on any node.
     *
     * @param amr how (RFC 8176 values), e.g. {@code ["pwd"]}
     * @param authTime when (OpenID Connect {@code auth_time})
     */
    public record Authenticated(String accountId, List<String> amr, Instant authTime) {
        public Authenticated {
            amr = List.copyOf(amr);
        }
    }

    /** Not yet answered and not expired at {@code now}. */
    public boolean usableAt(Instant now) {
        return completedAt.isEmpty() && now.isBefore(expiresAt);
    }
}
