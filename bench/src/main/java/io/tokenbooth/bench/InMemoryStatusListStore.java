package io.tokenbooth.bench;

import io.tokenbooth.server.token.status.StatusIndex;
import io.tokenbooth.server.token.status.StatusIndexAllocator;
import io.tokenbooth.server.token.status.StatusListStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link StatusListStore} in memory, for benchmarks of the minter and the status list rendering (no database). */
final class InMemoryStatusListStore implements StatusListStore {
    private final Map<Long, long[]> lists = new ConcurrentHashMap<>(); // id -> {size, version, capacity}
    private final Map<Long, Set<Integer>> invalid = new ConcurrentHashMap<>();
    private long nextId = 1;

    static StatusIndexAllocator allocator(Clock clock) {
        return new StatusIndexAllocator(new InMemoryStatusListStore(), clock, StatusIndexAllocator.Settings.DEFAULT,
                () -> Duration.ofHours(1));
    }

    @Override
    public synchronized Block reserve(Instant windowStart, Instant now, int blockSize, int capacity, Instant expiresBound) {
        for (var e : lists.entrySet()) {
            long[] l = e.getValue();
            if (l[0] + blockSize <= l[2]) {
                int from = (int) l[0];
                l[0] += blockSize;
                l[1]++;
                return new Block(e.getKey(), from, from + blockSize);
            }
        }
        long id = nextId++;
        lists.put(id, new long[] {blockSize, 1, capacity});
        return new Block(id, 0, blockSize);
    }

    @Override
    public void raiseExpiryBound(long listId, Instant expiresBound) {
    }

    @Override
    public synchronized List<ListState> lists() {
        List<ListState> out = new ArrayList<>();
        lists.forEach((id, l) -> out.add(new ListState(id, (int) l[0], l[1])));
        return out;
    }

    @Override
    public int[] invalid(long listId) {
        return invalid.getOrDefault(listId, Set.of()).stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public synchronized void invalidate(Collection<StatusIndex> indices) {
        for (StatusIndex i : indices) {
            invalid.computeIfAbsent(i.listId(), k -> ConcurrentHashMap.newKeySet()).add(i.idx());
            lists.get(i.listId())[1]++;
        }
    }
}
