package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.storage.Sql;
import io.tokenbooth.server.token.AccessTokenMinter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The rotation of a current token as one compare-and-set that also reads what the answer needs: the
 * {@code update … where spent_at is null} carries every condition under which the token may rotate (unspent, not idle,
 * its family live, unexpired and the presenting client's, the account enabled) and returns the family. When it
 * updates nothing, nothing was written and the caller classifies the token the long way. Before this, a rotation read
 * the token, family and account first and then updated: one more statement, and on PostgreSQL one more round trip
 * (docs/performance.md, "Refresh rotation: statements and round trips").
 * <p>
 * PostgreSQL: one statement, the spend and the successor (with the access token's status index on its row) in
 * data-modifying {@code with} clauses, so the happy path is that statement and the commit. H2 has no data-modifying {@code with}: the
 * spend and the read are one {@code final table (update …)}, then the successor's insert (embedded: no round trips).
 * Either way it all happens in the caller's transaction, so a failure leaves no half-written rotation.
 */
final class CurrentTokenRotation {
    /** Every condition of a rotation; the same text on both databases. Parameters: now, hash, now, client, now. */
    private static final String SPEND = """
            update refresh_tokens set spent_at = ?
            where token_hash = ? and spent_at is null and idle_expires_at > ?
              and exists (select 1 from refresh_families f join accounts a on a.id = f.account_id
                          where f.id = refresh_tokens.family_id and f.client_id = ? and f.revoked_at is null
                            and f.absolute_expires_at > ? and not a.disabled)""";
    private static final String FAMILY_COLUMNS = "f.id, f.account_id, f.client_id, f.scope, f.created_at, "
            + "f.absolute_expires_at, f.audiences, f.auth_time, f.amr";
    /**
     * Then: successor hash, now, successor idle expiry, and the access token's list, index and expiry (null without
     * one), on the successor's row (V12).
     */
    private static final String PG_ROTATE = "with spent as (" + SPEND + " returning family_id), "
            + "family as (select " + FAMILY_COLUMNS + " from spent s join refresh_families f on f.id = s.family_id), "
            + "successor as (insert into refresh_tokens (token_hash, family_id, issued_at, idle_expires_at, "
            + "access_list_id, access_idx, access_expires_at) "
            + "select ?, id, ?, least(?, absolute_expires_at), ?, ?, ? from family) "
            + "select * from family";
    private static final String H2_SPEND = "select " + FAMILY_COLUMNS + " from final table (" + SPEND
            + ") s join refresh_families f on f.id = s.family_id";

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

    private static RefreshFamily inOneStatement(Connection c, String presentedHash, String replacementHash, Instant now,
                                                Instant idleExpiresAt, String clientId, AccessTokenMinter.Slot access)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PG_ROTATE)) {
            int i = bindSpend(ps, presentedHash, now, clientId);
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
        try (PreparedStatement ps = c.prepareStatement(H2_SPEND)) {
            bindSpend(ps, presentedHash, now, clientId);
            family = familyOrNull(ps);
        }
        if (family == null) {
            return null;
        }
        JdbcRefreshTokenStore.insertToken(c, replacementHash, family.id(), now,
                JdbcRefreshTokenStore.min(idleExpiresAt, family.absoluteExpiresAt()), access);
        return family;
    }

    /** Binds {@link #SPEND}'s five parameters; returns the last index bound. */
    private static int bindSpend(PreparedStatement ps, String presentedHash, Instant now, String clientId)
            throws SQLException {
        Sql.setInstant(ps, 1, now);
        ps.setString(2, presentedHash);
        Sql.setInstant(ps, 3, now);
        ps.setString(4, clientId);
        Sql.setInstant(ps, 5, now);
        return 5;
    }

    private static RefreshFamily familyOrNull(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? JdbcRefreshTokenStore.family(rs) : null;
        }
    }
}
