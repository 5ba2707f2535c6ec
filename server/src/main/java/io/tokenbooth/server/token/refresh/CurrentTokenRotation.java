package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.storage.Sql;
import io.tokenbooth.server.token.AccessTokenMinter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The rotation of a current token as one compare-and-set that also reads what the answer needs: the family is read
 * with every condition under which its token may rotate (live, unexpired, the presenting client's, the account
 * enabled) and locked, then {@code update … where spent_at is null} spends the token. When it updates nothing, nothing
 * was written and the caller classifies the token the long way. Before this, a rotation read the token, family and
 * account first and then updated: one more statement, and on PostgreSQL one more round trip (docs/performance.md,
 * "Refresh rotation: statements and round trips").
 * <p>
 * The family row's lock is the one a revocation takes with its {@code update refresh_families} (issue 11, docs/
 * decisions.md): a rotation that reaches the family first commits its successor before the revocation reads the
 * access tokens to flip, so that one is flipped too; a revocation that reaches it first makes the rotation wait, and
 * the rotation then finds the family revoked and writes nothing. Without it a rotation could commit an access token
 * after a concurrent revocation had flipped the bits of all it could see (docs/security.md). Lock order: the family,
 * then the token row, as every revocation takes the family before the status lists.
 * <p>
 * PostgreSQL: one statement, the lock ({@code for no key update}: the revocation's own mode; the successor's foreign
 * key check takes only {@code for key share}), the spend and the successor (with the access token's status index on
 * its row) in {@code with} clauses, so the happy path is that statement and the commit. H2 has neither
 * data-modifying {@code with} nor {@code for share}/{@code for no key update}: the family's lock by a no-op
 * {@code update} read back through {@code final table} (it locks only the family: the token and account are read in
 * subqueries, which H2 does not lock), then the spend, then the successor's insert (embedded: no round trips). Either way it all happens in the caller's
 * transaction, so a failure leaves no half-written rotation.
 */
final class CurrentTokenRotation {
    private static final String FAMILY_COLUMNS = "f.id, f.account_id, f.client_id, f.scope, f.created_at, "
            + "f.absolute_expires_at, f.audiences, f.auth_time, f.amr";
    /** When the presented token's family may rotate; the same text on both databases. Parameters: hash, client, now. */
    private static final String MAY_ROTATE = "f.id = (select t.family_id from refresh_tokens t where t.token_hash = ?) "
            + "and f.client_id = ? and f.revoked_at is null and f.absolute_expires_at > ? "
            + "and exists (select 1 from accounts a where a.id = f.account_id and not a.disabled)";
    private static final String FAMILY = "select " + FAMILY_COLUMNS + " from refresh_families f where " + MAY_ROTATE;
    /** The spend. Parameters: now, hash, now. */
    private static final String SPEND = "update refresh_tokens set spent_at = ? "
            + "where token_hash = ? and spent_at is null and idle_expires_at > ?";
    /**
     * Then: successor hash, now, successor idle expiry, and the access token's list, index and expiry (null without
     * one), on the successor's row (V12).
     */
    private static final String PG_ROTATE = "with family as (" + FAMILY + " for no key update), "
            + "spent as (" + SPEND + " and family_id = (select id from family) returning family_id), "
            + "rotated as (select f.* from family f join spent s on s.family_id = f.id), "
            + "successor as (insert into refresh_tokens (token_hash, family_id, issued_at, idle_expires_at, "
            + "access_list_id, access_idx, access_expires_at) "
            + "select ?, id, ?, least(?, absolute_expires_at), ?, ?, ? from rotated) "
            + "select * from rotated";
    /**
     * H2: the same row lock through an {@code update} of the family that changes nothing ({@code revoked_at} is null
     * and stays so), read back through {@code final table}. Not {@code select … for update}: H2 does not keep a
     * {@code for update} query in its per-connection statement cache ({@code Query.isCacheable()}), so it parsed the
     * family's query anew on every rotation, 14 % of a refresh's samples (docs/performance.md, issue 11, night).
     */
    private static final String H2_FAMILY = "select " + FAMILY_COLUMNS + " from final table (update refresh_families f "
            + "set revoked_at = null where " + MAY_ROTATE + ") f";
    /** The family of a token, locked, whatever its state: the long way's first step. Parameter: hash. */
    private static final String LOCK_ANY = "select f.id from refresh_families f "
            + "where f.id = (select t.family_id from refresh_tokens t where t.token_hash = ?) for ";

    private final boolean postgres;

    CurrentTokenRotation(boolean postgres) {
        this.postgres = postgres;
    }

    /**
     * Spends {@code presentedHash} and adds {@code replacementHash} to its family if the token is current and the
     * family the client's; returns the family, or null when nothing was written.
     */
    RefreshFamily rotate(Connection c, String presentedHash, String replacementHash, Instant now,
                         Instant replacementIdleExpiresAt, String clientId, AccessTokenMinter.Slot access)
            throws SQLException {
        return postgres
                ? inOneStatement(c, presentedHash, replacementHash, now, replacementIdleExpiresAt, clientId, access)
                : spendThenInsert(c, presentedHash, replacementHash, now, replacementIdleExpiresAt, clientId, access);
    }

    /**
     * Locks the family of {@code presentedHash}, whatever its state, for the caller to classify the token the long way
     * under the same lock as {@link #rotate} and the revocations.
     */
    void lockFamilyOf(Connection c, String presentedHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_ANY + lockMode(postgres))) {
            ps.setString(1, presentedHash);
            ps.executeQuery().close();
        }
    }

    /**
     * The row lock a family's rotation and revocation both take: PostgreSQL's {@code no key update} is what an
     * {@code update} of the family takes itself; H2 has only {@code update}.
     */
    static String lockMode(boolean postgres) {
        return postgres ? "no key update" : "update";
    }

    private static RefreshFamily inOneStatement(Connection c, String presentedHash, String replacementHash, Instant now,
                                                Instant idleExpiresAt, String clientId, AccessTokenMinter.Slot access)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PG_ROTATE)) {
            int i = bindFamily(ps, 0, presentedHash, clientId, now);
            i = bindSpend(ps, i, presentedHash, now);
            ps.setString(++i, replacementHash);
            Sql.setInstant(ps, ++i, now);
            Sql.setInstant(ps, ++i, idleExpiresAt);
            JdbcRefreshTokenStore.bindAccess(ps, ++i, access);
            return familyOrNull(ps);
        }
    }

    private static RefreshFamily spendThenInsert(Connection c, String presentedHash, String replacementHash,
                                                 Instant now, Instant idleExpiresAt, String clientId,
                                                 AccessTokenMinter.Slot access) throws SQLException {
        RefreshFamily family;
        try (PreparedStatement ps = c.prepareStatement(H2_FAMILY)) {
            bindFamily(ps, 0, presentedHash, clientId, now);
            family = familyOrNull(ps);
        }
        if (family == null) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement(SPEND)) {
            bindSpend(ps, 0, presentedHash, now);
            if (ps.executeUpdate() != 1) {
                return null;
            }
        }
        JdbcRefreshTokenStore.insertToken(c, replacementHash, family.id(), now,
                JdbcRefreshTokenStore.min(idleExpiresAt, family.absoluteExpiresAt()), access);
        return family;
    }

    /** Binds {@link #FAMILY}'s three parameters after index {@code i}; returns the last index bound. */
    private static int bindFamily(PreparedStatement ps, int i, String presentedHash, String clientId, Instant now)
            throws SQLException {
        ps.setString(++i, presentedHash);
        ps.setString(++i, clientId);
        Sql.setInstant(ps, ++i, now);
        return i;
    }

    /** Binds {@link #SPEND}'s three parameters after index {@code i}; returns the last index bound. */
    private static int bindSpend(PreparedStatement ps, int i, String presentedHash, Instant now) throws SQLException {
        Sql.setInstant(ps, ++i, now);
        ps.setString(++i, presentedHash);
        Sql.setInstant(ps, ++i, now);
        return i;
    }

    private static RefreshFamily familyOrNull(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? JdbcRefreshTokenStore.family(rs) : null;
        }
    }
}
