package io.tokenbooth.server.oauth.client;

import java.time.Instant;

/** The {@code jti}s of client assertions already accepted (RFC 7523 §3 item 7). Thread-safe and safe across nodes. */
public interface ClientAssertionJtiStore {

    /**
     * Records {@code jti} for {@code clientId} until {@code expiresAt}; returns false when it was already recorded
     * (a replay). Atomic: of concurrent callers with the same pair exactly one gets true.
     */
    boolean markUsed(String clientId, String jti, Instant expiresAt, Instant now);
}
