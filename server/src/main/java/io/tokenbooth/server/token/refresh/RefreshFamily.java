package io.tokenbooth.server.token.refresh;

import java.time.Instant;

/** A login's chain of refresh tokens: every rotation adds a token to the same family; revoking it ends them all. */
public record RefreshFamily(String id, String accountId, String clientId, String scope, Instant createdAt,
                            Instant absoluteExpiresAt) {
}
