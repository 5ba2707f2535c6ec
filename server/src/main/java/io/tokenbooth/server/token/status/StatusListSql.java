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
 * are recorded with the family's write and their bits flip with the family's revocation (same commit, no table scan:
 * the {@code refresh_tokens} and {@code refresh_family_statuses} rows are found by family id).
 */
public final class StatusListSql {
    /**
     * The unexpired access tokens of the families in {@code %s}: those recorded on their refresh token's row (a login's
     * and every rotation's, V12) and those recorded in a row of their own (a retry's, and entries from before V12).
     * Parameters: the families' key, now, the key again, now.
     */
    private static final String MINTED = """
            select s.list_id, s.idx from refresh_family_statuses s where s.family_id in (%1$s) and s.expires_at > ?
            union all
            select t.access_list_id, t.access_idx from refresh_tokens t
            where t.family_id in (%1$s) and t.access_expires_at > ?""";
    private static final String FLIP = """
            insert into status_list_revocations (list_id, idx)
            select m.list_id, m.idx from (%s) m
            where exists (select 1 from status_lists l where l.id = m.list_id)
            on conflict do nothing""";
    /**
     * The lists the flip will touch, locked in id order before anything is written: two revocations that touch the
     * same lists (two users disabled at once, a logout racing a reuse detection) then queue on the first shared list
     * instead of deadlocking on the revocation rows or the version rows.
     */
    private static final String LOCK = """
            select id from status_lists where id in (select m.list_id from (%s) m) order by id for update""";

    private StatusListSql() {
    }

    /**
     * Records that family {@code familyId} minted the access token at {@code index}, expiring at {@code expiresAt}, in
     * a row of its own: for an access token minted without a refresh token to carry its index (a retry).
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
        String minted = MINTED.formatted(families);
        try (PreparedStatement ps = c.prepareStatement(LOCK.formatted(minted))) {
            bindMinted(ps, key, now);
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
        try (PreparedStatement ps = c.prepareStatement(FLIP.formatted(minted))) {
            bindMinted(ps, key, now);
            flipped = ps.executeUpdate();
        }
        if (flipped > 0) {
            bumpVersions(c, lists);
        }
        return flipped;
    }

    private static void bindMinted(PreparedStatement ps, String key, Instant now) throws SQLException {
        ps.setString(1, key);
        Sql.setInstant(ps, 2, now);
        ps.setString(3, key);
        Sql.setInstant(ps, 4, now);
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
