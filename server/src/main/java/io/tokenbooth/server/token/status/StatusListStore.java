package io.tokenbooth.server.token.status;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Storage of Token Status Lists, shared by every node. Thread-safe; every method is one transaction. An index is
 * reserved by exactly one {@link #reserve} call ever (the row update is the only allocator), so no two nodes hand out
 * the same index.
 */
public interface StatusListStore {

    /** Indices {@code [from, to)} of list {@code listId}, reserved for one node. */
    record Block(long listId, int from, int to) {
    }

    /** A live list as nodes poll it: its id, how many indices are reserved, and its change counter. */
    record ListState(long id, int size, long version) {
    }

    /**
     * Reserves {@code blockSize} indices in a list of the window starting at {@code windowStart} that has room,
     * starting a new list (of {@code capacity} indices) when none has. The list's expiry bound is raised to at least
     * {@code expiresBound}.
     */
    Block reserve(Instant windowStart, Instant now, int blockSize, int capacity, Instant expiresBound);

    /** Raises list {@code listId}'s expiry bound to at least {@code expiresBound}. */
    void raiseExpiryBound(long listId, Instant expiresBound);

    /** Every list not yet purged. */
    List<ListState> lists();

    /** The INVALID indices of list {@code listId}. */
    int[] invalid(long listId);

    /** Sets these indices to INVALID (an index already INVALID stays so) and marks their lists changed. */
    void invalidate(Collection<StatusIndex> indices);
}
