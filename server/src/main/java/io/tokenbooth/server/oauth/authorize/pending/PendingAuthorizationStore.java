package io.tokenbooth.server.oauth.authorize.pending;

import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorization.Authenticated;
import java.time.Instant;
import java.util.Optional;

/**
 * Storage of pending authorization requests, by the SHA-256 of their id only. Thread-safe; each method is one
 * transaction. Expired rows are deleted by {@code storage.Retention}.
 */
public interface PendingAuthorizationStore {

    /**
     * Stores a new request; then, if its browser (same {@code bindingHash}) has more than {@code maxPerBinding}
     * requests, deletes the oldest of them, so one browser holds at most that many. One transaction.
     */
    void create(PendingAuthorization pending, int maxPerBinding);

    /** The request, expired or completed ones included (the caller judges them). */
    Optional<PendingAuthorization> find(String idHash);

    /** Records who authenticated, while the request is usable at {@code now}; returns whether it was. */
    boolean recordAuthentication(String idHash, Authenticated authenticated, Instant now);

    /**
     * Completes the request: a compare-and-set on {@code completed_at}, so of any number of concurrent calls, on any
     * node, exactly one returns true, and none does once the request has expired at {@code now}.
     */
    boolean complete(String idHash, String bindingHash, Instant now);
}
