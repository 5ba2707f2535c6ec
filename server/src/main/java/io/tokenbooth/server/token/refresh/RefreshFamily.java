package io.tokenbooth.server.token.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A login's chain of refresh tokens: every rotation adds a token to the same family; revoking it ends them all.
 *
 * @param details what a family remembers of the authorization it continues (first-party logins: the sign-in's
 *     {@code auth_time} and {@code amr}, no audiences; families from before issue 6: nothing)
 */
public record RefreshFamily(String id, String accountId, String clientId, String scope, Instant createdAt,
                            Instant absoluteExpiresAt, Details details) {

    /** A family without details. */
    public RefreshFamily(String id, String accountId, String clientId, String scope, Instant createdAt,
                         Instant absoluteExpiresAt) {
        this(id, accountId, clientId, scope, createdAt, absoluteExpiresAt, Details.NONE);
    }

    /**
     * What refreshed tokens must carry over from the authorization: the RFC 8707 audiences of its access tokens, and
     * the OpenID Connect {@code auth_time} and {@code amr} of the login behind it (OIDC Core §12.2).
     */
    public record Details(List<String> audiences, Optional<Instant> authTime, List<String> amr) {
        public static final Details NONE = new Details(List.of(), Optional.empty(), List.of());

        public Details {
            audiences = List.copyOf(audiences);
            amr = List.copyOf(amr);
        }
    }
}
