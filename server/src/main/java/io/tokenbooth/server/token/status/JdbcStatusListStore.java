package io.tokenbooth.server.token.status;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** {@link StatusListStore} on the {@code status_lists} and {@code status_list_revocations} tables. */
public final class JdbcStatusListStore implements StatusListStore {
    private final Database db;

    public JdbcStatusListStore(Database db) {
        this.db = db;
    }

    @Override
    public Block reserve(Instant windowStart, Instant now, int blockSize, int capacity, Instant expiresBound) {
        return db.inTransaction(c -> {
            // The row lock (for update) makes the read-then-advance of next_index one step: of two nodes reserving
            // from the same list, the second waits and reads the first one's advance.
            try (PreparedStatement ps = c.prepareStatement("select id, next_index from status_lists where window_start = ? "
                    + "and next_index + ? <= capacity order by id limit 1 for update")) {
                Sql.setInstant(ps, 1, windowStart);
                ps.setInt(2, blockSize);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long id = rs.getLong(1);
                        int from = rs.getInt(2);
                        try (PreparedStatement up = c.prepareStatement("update status_lists set next_index = ?, "
                                + "version = version + 1, expires_bound = greatest(expires_bound, ?) where id = ?")) {
                            up.setInt(1, from + blockSize);
                            Sql.setInstant(up, 2, expiresBound);
                            up.setLong(3, id);
                            up.executeUpdate();
                        }
                        return new Block(id, from, from + blockSize);
                    }
                }
            }
            long id = nextId(c);
            try (PreparedStatement ps = c.prepareStatement("insert into status_lists (id, window_start, created_at, "
                    + "next_index, capacity, expires_bound, version) values (?, ?, ?, ?, ?, ?, 1)")) {
                ps.setLong(1, id);
                Sql.setInstant(ps, 2, windowStart);
                Sql.setInstant(ps, 3, now);
                ps.setInt(4, blockSize);
                ps.setInt(5, capacity);
                Sql.setInstant(ps, 6, expiresBound);
                ps.executeUpdate();
            }
            return new Block(id, 0, blockSize);
        });
    }

    private static long nextId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select nextval('status_list_ids')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void raiseExpiryBound(long listId, Instant expiresBound) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update status_lists set expires_bound = greatest(expires_bound, ?) where id = ?")) {
                Sql.setInstant(ps, 1, expiresBound);
                ps.setLong(2, listId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<ListState> lists() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, next_index, version from status_lists");
                 ResultSet rs = ps.executeQuery()) {
                List<ListState> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ListState(rs.getLong(1), rs.getInt(2), rs.getLong(3)));
                }
                return out;
            }
        });
    }

    @Override
    public int[] invalid(long listId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select idx from status_list_revocations where list_id = ?")) {
                ps.setLong(1, listId);
                try (ResultSet rs = ps.executeQuery()) {
                    int[] out = new int[16];
                    int n = 0;
                    while (rs.next()) {
                        if (n == out.length) {
                            out = java.util.Arrays.copyOf(out, n * 2);
                        }
                        out[n++] = rs.getInt(1);
                    }
                    return java.util.Arrays.copyOf(out, n);
                }
            }
        });
    }

    @Override
    public void invalidate(Collection<StatusIndex> indices) {
        if (indices.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            // The lists' rows first, in id order (StatusListSql.lockInOrder): concurrent revocations queue instead of
            // deadlocking on the revocation rows.
            StatusListSql.lockInOrder(c, indices.stream().map(StatusIndex::listId).toList());
            TreeSet<Long> changed = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("insert into status_list_revocations (list_id, idx) "
                    + "select ?, ? where exists (select 1 from status_lists where id = ?) on conflict do nothing")) {
                for (StatusIndex i : indices) {
                    ps.setLong(1, i.listId());
                    ps.setInt(2, i.idx());
                    ps.setLong(3, i.listId());
                    if (ps.executeUpdate() > 0) {
                        changed.add(i.listId());
                    }
                }
            }
            StatusListSql.bumpVersions(c, changed);
            return null;
        });
    }
}
