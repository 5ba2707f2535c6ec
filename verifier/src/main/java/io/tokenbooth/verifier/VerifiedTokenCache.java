package io.tokenbooth.verifier;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Tokens verified before, so that a token seen again skips parsing and the signature: a fixed-size, direct-mapped
 * table keyed by the exact token string (one slot per hash; a newer token takes the slot of an older one). Bounded,
 * lock-free, allocation-free on a hit. What a hit still checks — {@code exp}, the status bit, the scopes — the caller
 * checks on every hit. Thread-safe.
 */
final class VerifiedTokenCache {
    /** A verified token and its status reference (null when it has none). */
    record Entry(String token, VerifiedToken verified, StatusReference status, long expiresAtSecond) {
    }

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;

    VerifiedTokenCache(int size) {
        int n = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size <= 1 ? 1 : n);
        this.mask = slots.length() - 1;
    }

    Entry get(String token) {
        Entry e = slots.get(slot(token));
        return e != null && e.token.equals(token) ? e : null;
    }

    void put(Entry e) {
        slots.set(slot(e.token), e);
    }

    private int slot(String token) {
        int h = token.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }
}
