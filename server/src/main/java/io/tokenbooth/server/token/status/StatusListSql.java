package io.tokenbooth.server.token.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import io.tokenbooth.server.storage.Sql;

/**
 * The status-list statements other stores run inside their own transactions, so that a refresh family's access tokens
 * are recorded with the family's write and their bits flip with the family's revocation (same commit, no scan: the
 * {@code refresh_family_statuses} rows are found by family id).
 */
public final class StatusListSql {
    private static final String FLIP = """
            insert into status_list_revocations (list_id, idx)
            select s.list_id, s.idx from refresh_family_statuses s
            where s.family_id in (%s) and s.expires_at > ?
              and exists (select 1 from status_lists l where l.id = s.list_id)
            on conflict do nothing""";
    /**
     * The lists the flip will touch, locked in id order before anything is written: two revocations that touch the
     * same lists (two users disabled at once, a logout racing a reuse detection) then queue on the first shared list
     * instead of deadlocking on the revocation rows or the version rows.
     */
    private static final String LOCK = """
            select id from status_lists where id in (
              select s.list_id from refresh_family_statuses s where s.family_id in (%s) and s.expires_at > ?)
            order by id for update""";

    private StatusListSql() {
    }

    /**
     * Records that family {@code familyId} minted the access token at {@code index}, expiring at {@code expiresAt}.
     * Entries of expired tokens are left to housekeeping ({@code Retention}): deleting them here scanned every entry of
     * the family on every rotation, which cost a refresh-hammering client's rotations 2.5–3.5× (docs/performance.md).
     */
    public static void recordFamilyToken(Connection c, String familyId, StatusIndex index, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into refresh_family_statuses (family_id, list_id, idx, "
                + "expires_at) values (?, ?, ?, ?)")) {
            ps.setString(1, familyId);
            ps.setLong(2, index.listId());
            ps.setInt(3, index.idx());
            Sql.setInstant(ps, 4, expiresAt);
            ps.executeUpdate();
        }
    }

    /** Flips the bits of the unexpired access tokens of family {@code familyId}; returns how many. */
    public static int invalidateFamily(Connection c, String familyId, Instant now) throws SQLException {
        return invalidate(c, "?", familyId, now);
    }

    /**
     * Flips the bits of the unexpired access tokens of every family of {@code accountId} that is still live; call it
     * before revoking them.
     */
    public static int invalidateLiveFamiliesOf(Connection c, String accountId, Instant now) throws SQLException {
        return invalidate(c, "select f.id from refresh_families f where f.account_id = ? and f.revoked_at is null",
                accountId, now);
    }

    private static int invalidate(Connection c, String families, String key, Instant now) throws SQLException {
        List<Long> lists = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LOCK.formatted(families))) {
            ps.setString(1, key);
            Sql.setInstant(ps, 2, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lists.add(rs.getLong(1));
                }
            }
        }
        if (lists.isEmpty()) {
            return 0;
        }
        int flipped;
        try (PreparedStatement ps = c.prepareStatement(FLIP.formatted(families))) {
            ps.setString(1, key);
            Sql.setInstant(ps, 2, now);
            flipped = ps.executeUpdate();
        }
        if (flipped > 0) {
            bumpVersions(c, lists);
        }
        return flipped;
    }

    /**
     * Locks the rows of {@code listIds} in id order; call it before writing revocations of those lists (see
     * {@link #LOCK}).
     */
    static void lockInOrder(Connection c, Collection<Long> listIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from status_lists where id = ? for update")) {
            for (long id : new TreeSet<>(listIds)) {
                ps.setLong(1, id);
                ps.executeQuery().close();
            }
        }
    }

    /** Tells every node that {@code listIds} changed (their rows already locked by this transaction). */
    static void bumpVersions(Connection c, Collection<Long> listIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update status_lists set version = version + 1 where id = ?")) {
            for (long id : new TreeSet<>(listIds)) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
    }
}
