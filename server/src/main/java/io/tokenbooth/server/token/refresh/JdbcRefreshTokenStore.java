package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.status.StatusListSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link RefreshTokenStore} on the {@code refresh_families} and {@code refresh_tokens} tables. */
public final class JdbcRefreshTokenStore implements RefreshTokenStore {
    private static final String FIND = """
            select t.issued_at, t.idle_expires_at, t.spent_at, f.id, f.account_id, f.client_id, f.scope, f.created_at,
                   f.absolute_expires_at, f.revoked_at, f.audiences, f.auth_time, f.amr, a.disabled
            from refresh_tokens t
            join refresh_families f on f.id = t.family_id
            join accounts a on a.id = f.account_id
            where t.token_hash = ?""";
    private static final int REREADS = 5;


    private final Database db;
    private final CurrentTokenRotation current;

    public JdbcRefreshTokenStore(Database db) {
        this.db = db;
        this.current = new CurrentTokenRotation(db.postgres());
    }

    @Override
    public void createFamily(RefreshFamily family, String tokenHash, Instant idleExpiresAt,
                             AccessTokenMinter.Slot access) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into refresh_families (id, account_id, client_id, scope, created_at, absolute_expires_at, "
                            + "audiences, auth_time, amr) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, family.id());
                ps.setString(2, family.accountId());
                ps.setString(3, family.clientId());
                ps.setString(4, family.scope());
                Sql.setInstant(ps, 5, family.createdAt());
                Sql.setInstant(ps, 6, family.absoluteExpiresAt());
                RefreshFamily.Details d = family.details();
                ps.setString(7, d.audiences().isEmpty() ? null : Sql.toJsonList(d.audiences()));
                Sql.setInstant(ps, 8, d.authTime().orElse(null));
                ps.setString(9, d.amr().isEmpty() ? null : String.join(" ", d.amr()));
                ps.executeUpdate();
            }
            insertToken(c, tokenHash, family.id(), family.createdAt(), min(idleExpiresAt, family.absoluteExpiresAt()),
                    access);
            return null;
        });
    }

    @Override
    public RotationOutcome rotate(String presentedHash, String replacementHash, Instant now, Instant replacementIdleExpiresAt,
                                  String expectedClientId, Duration reuseGrace, AccessTokenMinter.Slot access) {
        return db.inTransaction(c -> {
            // The common case first: a current token rotates in one compare-and-set that reads what it needs. When it
            // updates nothing (unknown, spent, expired, revoked, disabled, another client's, or a concurrent winner),
            // nothing was written and the token is classified below, the spend attempted again where it still may.
            RefreshFamily rotated = current.rotate(c, presentedHash, replacementHash, now, replacementIdleExpiresAt,
                    expectedClientId, access);
            if (rotated != null) {
                return new RotationOutcome.Rotated(rotated);
            }
            // The long way holds the family's lock too (a retry mints an access token, a reuse revokes): a revocation
            // under way is waited for, and its result read below.
            current.lockFamilyOf(c, presentedHash);
            Presented p = read(c, presentedHash);
            if (p == null) {
                return new RotationOutcome.Unknown();
            }
            // Another client's token, spent or not, changes nothing (RFC 6749 §6): neither spent nor its family
            // revoked. Reuse detection is the token's own client's affair; a presenter that is not that client (an
            // unauthenticated caller of /api/v1/refresh above all) must not be able to end a family it does not own.
            if (!p.family.clientId().equals(expectedClientId)) {
                return new RotationOutcome.WrongClient();
            }
            if (p.revoked) {
                return new RotationOutcome.Ended("revoked");
            }
            if (p.disabled) {
                revokeFamily(c, p.family.id(), now, "account_disabled");
                return new RotationOutcome.Ended("account disabled");
            }
            if (p.spentAt != null) {
                return recorded(c, spent(c, p, replacementHash, now, reuseGrace), access);
            }
            if (!p.idleExpiresAt.isAfter(now) || !p.family.absoluteExpiresAt().isAfter(now)) {
                return new RotationOutcome.Ended("expired");
            }
            // The compare-and-set: of concurrent transactions only one sees spent_at still null. A loser that read
            // the row before the winner committed waits here on the winner's row lock and then updates nothing.
            try (PreparedStatement ps = c.prepareStatement(
                    "update refresh_tokens set spent_at = ? where token_hash = ? and spent_at is null")) {
                Sql.setInstant(ps, 1, now);
                ps.setString(2, presentedHash);
                if (ps.executeUpdate() != 1) {
                    Presented after = reread(c, presentedHash);
                    if (after == null || after.spentAt == null) {
                        return new RotationOutcome.Ended("concurrent change");
                    }
                    return recorded(c, spent(c, after, replacementHash, now, reuseGrace), access);
                }
            }
            insertToken(c, replacementHash, p.family.id(), now, min(replacementIdleExpiresAt, p.family.absoluteExpiresAt()),
                    access);
            return new RotationOutcome.Rotated(p.family);
        });
    }

    /** A retry mints an access token without a new refresh token: its index joins the family's in a row of its own. */
    private static RotationOutcome recorded(Connection c, RotationOutcome outcome, AccessTokenMinter.Slot access)
            throws SQLException {
        if (outcome instanceof RotationOutcome.Retried r) {
            record(c, r.family().id(), access);
        }
        return outcome;
    }

    private static void record(Connection c, String familyId, AccessTokenMinter.Slot access) throws SQLException {
        if (access != null) {
            StatusListSql.recordFamilyToken(c, familyId, access.status(), access.expiresAt());
        }
    }

    /** The presented token's row joined with its family and account, or null. */
    private record Presented(RefreshFamily family, Instant idleExpiresAt, Instant spentAt, boolean revoked,
                             boolean disabled) {
    }

    private static Presented read(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Presented(family(rs), Sql.getInstant(rs, "idle_expires_at"), Sql.getInstant(rs, "spent_at"),
                        rs.getObject("revoked_at") != null, rs.getBoolean("disabled"));
            }
        }
    }

    /**
     * The row again after a lost compare-and-set. The winner has normally committed by then (its row lock was
     * released), and a new statement in this read-committed transaction sees its spend and its successor together,
     * committed at once; a few short waits cover a database that reports the lost update before the winner's commit
     * is visible. Bounded: at most {@code REREADS} reads, 20 ms apart.
     */
    private static Presented reread(Connection c, String tokenHash) throws SQLException {
        Presented p = read(c, tokenHash);
        for (int i = 1; i < REREADS && p != null && p.spentAt == null; i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            p = read(c, tokenHash);
        }
        return p;
    }

    /**
     * A spent token presented again. A retry (RFC 9700 §4.14.2 leaves room for it): by its own client (checked before), within
     * {@code reuseGrace} of the spend, and the token's successor ({@code successorHash}, derived from the token) is
     * still the family's current token, so only the token spent last qualifies. Anything else is reuse: the family
     * is revoked.
     */
    private static RotationOutcome spent(Connection c, Presented p, String successorHash, Instant now,
                                         Duration reuseGrace) throws SQLException {
        if (now.isBefore(p.spentAt.plus(reuseGrace))) {
            Presented successor = read(c, successorHash);
            if (successor != null && successor.family.id().equals(p.family.id()) && successor.spentAt == null
                    && successor.idleExpiresAt.isAfter(now)) {
                return new RotationOutcome.Retried(p.family, successor.idleExpiresAt);
            }
        }
        revokeFamily(c, p.family.id(), now, "reuse");
        return new RotationOutcome.Reused(p.family);
    }

    @Override
    public Optional<RefreshTokenState> find(String tokenHash) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RefreshTokenState(family(rs), Sql.getInstant(rs, "issued_at"),
                            Sql.getInstant(rs, "idle_expires_at"), rs.getObject("spent_at") != null,
                            rs.getObject("revoked_at") != null, rs.getBoolean("disabled")));
                }
            }
        });
    }

    @Override
    public boolean revokeFamily(String familyId, Instant now, String reason) {
        return db.inTransaction(c -> revokeFamily(c, familyId, now, reason));
    }

    @Override
    public int revokeAllForAccount(String accountId, Instant now, String reason) {
        return db.inTransaction(c -> revokeAllForAccount(c, db.postgres(), accountId, now, reason));
    }

    /**
     * {@link #revokeAllForAccount(String, Instant, String)} in the caller's transaction. The live families' rows are
     * locked first, in id order (two revocations of one account queue instead of deadlocking), before the access
     * tokens to flip are read: a rotation holding one of them commits its successor first, so its access token is
     * flipped too (see {@link CurrentTokenRotation}).
     */
    static int revokeAllForAccount(Connection c, boolean postgres, String accountId, Instant now, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from refresh_families where account_id = ? "
                + "and revoked_at is null order by id for " + CurrentTokenRotation.lockMode(postgres))) {
            ps.setString(1, accountId);
            ps.executeQuery().close();
        }
        StatusListSql.invalidateLiveFamiliesOf(c, accountId, now);
        try (PreparedStatement ps = c.prepareStatement(
                "update refresh_families set revoked_at = ?, revoked_reason = ? where account_id = ? and revoked_at is null")) {
            Sql.setInstant(ps, 1, now);
            ps.setString(2, reason);
            ps.setString(3, accountId);
            return ps.executeUpdate();
        }
    }

    static RefreshFamily family(ResultSet rs) throws SQLException {
        String audiences = rs.getString("audiences");
        String amr = rs.getString("amr");
        RefreshFamily.Details details = new RefreshFamily.Details(
                Sql.fromJsonList(audiences),
                Optional.ofNullable(Sql.getInstant(rs, "auth_time")),
                amr == null || amr.isBlank() ? List.of() : Arrays.asList(amr.split(" ")));
        return new RefreshFamily(rs.getString("id"), rs.getString("account_id"), rs.getString("client_id"),
                rs.getString("scope"), Sql.getInstant(rs, "created_at"), Sql.getInstant(rs, "absolute_expires_at"),
                details);
    }



    /** {@link #revokeFamily(String, Instant, String)} in the caller's transaction. */
    static boolean revokeFamily(Connection c, String familyId, Instant now, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update refresh_families set revoked_at = ?, revoked_reason = ? where id = ? and revoked_at is null")) {
            Sql.setInstant(ps, 1, now);
            ps.setString(2, reason);
            ps.setString(3, familyId);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        // The family row is now locked by this transaction: no concurrent revocation flips the same bits, and no
        // rotation adds an access token until this commits (it then finds the family revoked); a rotation that held
        // the lock first has committed its successor, which the flip's next statement sees.
        StatusListSql.invalidateFamily(c, familyId, now);
        return true;
    }

    /**
     * Inserts a token, with the status index of the access token minted with it ({@code access}, may be null) on its
     * own row, so that revoking the family flips that token's bit (StatusListSql) without a row of its own.
     */
    static void insertToken(Connection c, String hash, String familyId, Instant issuedAt, Instant idleExpiresAt,
                            AccessTokenMinter.Slot access) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into refresh_tokens (token_hash, family_id, issued_at, "
                + "idle_expires_at, access_list_id, access_idx, access_expires_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, hash);
            ps.setString(2, familyId);
            Sql.setInstant(ps, 3, issuedAt);
            Sql.setInstant(ps, 4, idleExpiresAt);
            bindAccess(ps, 5, access);
            ps.executeUpdate();
        }
    }

    /** Binds the access token's list, index and expiry at {@code from}, {@code from + 1}, {@code from + 2}; nulls without one. */
    static void bindAccess(PreparedStatement ps, int from, AccessTokenMinter.Slot access) throws SQLException {
        if (access == null) {
            ps.setNull(from, Types.BIGINT);
            ps.setNull(from + 1, Types.INTEGER);
            ps.setNull(from + 2, Types.TIMESTAMP);
        } else {
            ps.setLong(from, access.status().listId());
            ps.setInt(from + 1, access.status().idx());
            Sql.setInstant(ps, from + 2, access.expiresAt());
        }
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
