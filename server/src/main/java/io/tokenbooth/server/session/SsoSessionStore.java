package io.tokenbooth.server.session;

import java.time.Instant;
import java.util.Optional;

/** Storage of SSO sessions, by the SHA-256 of the cookie value only. Thread-safe; each method is one transaction. */
public interface SsoSessionStore {

    void create(SsoSession session);

    /** The session, revoked or expired ones included (the caller judges them). */
    Optional<SsoSession> find(String idHash);

    /** Moves {@code last_seen_at} forward to {@code now}, never back (concurrent requests may touch out of order). */
    void touch(String idHash, Instant now);

    /**
     * Marks the session revoked; returns whether this call did (false when unknown or already revoked, which keeps
     * the first revocation time).
     */
    boolean revoke(String idHash, Instant now);

    /** Revokes every live session of the account; returns how many. */
    int revokeAll(String accountId, Instant now);
}
