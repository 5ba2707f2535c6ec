package io.tokenbooth.server.authn.password;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link LoginThrottleStore} on {@code login_sources} (per username and source) and {@code login_throttle} (per
 * username). A source beyond the row bounds is not counted on its own, only on the username, whose delay covers every
 * source not known to it.
 */
public final class JdbcLoginThrottleStore implements LoginThrottleStore {
    /** Sources tracked per username; more failing sources than this fall under the username's delay anyway. */
    static final int MAX_SOURCES_PER_USERNAME = 100;
    /** Usernames tracked per source (the per-address budget keeps a source well below this in a day). */
    static final int MAX_USERNAMES_PER_SOURCE = 1000;

    private static final String MARK_KNOWN = "update login_sources set failures = 0, locked_until = null,"
            + " known_until = ?, updated_at = ? where username_key = ? and source = ?";

    private final Database db;

    public JdbcLoginThrottleStore(Database db) {
        this.db = db;
    }

    private record SourceRow(int failures, Instant lockedUntil, Instant knownUntil) {
        boolean known(Instant now) {
            return knownUntil != null && knownUntil.isAfter(now);
        }
    }

    @Override
    public Optional<Instant> lockedUntil(String usernameKey, String source, Instant now) {
        return db.inTransaction(c -> until(c, usernameKey, source, now));
    }

    private static Optional<Instant> until(Connection c, String usernameKey, String source, Instant now)
            throws SQLException {
        Optional<SourceRow> row = sourceRow(c, usernameKey, source);
        Instant own = row.map(SourceRow::lockedUntil).orElse(null);
        Instant username = row.isPresent() && row.get().known(now) ? null : usernameLock(c, usernameKey);
        Instant later = own == null ? username : username == null || own.isAfter(username) ? own : username;
        return later != null && later.isAfter(now) ? Optional.of(later) : Optional.empty();
    }

    @Override
    public Optional<Instant> recordFailure(String usernameKey, String source, Instant now, FailureDelay perSource,
                                           FailureDelay perUsername) {
        return db.inTransaction(c -> {
            int own = 0;
            if (countOnSource(c, usernameKey, source, now)) {
                own = sourceRow(c, usernameKey, source).orElseThrow().failures();
                Optional<Instant> lock = perSource.after(own, now);
                if (lock.isPresent()) {
                    update(c, "update login_sources set locked_until = ? where username_key = ? and source = ?",
                            lock.get(), usernameKey, source);
                }
            }
            // A source adds at most its own allowance to the username's count: one source alone never delays the
            // others (no lockout by strangers); many sources together do.
            if (own <= perSource.allowed()) {
                int total = incrementUsername(c, usernameKey, now);
                Optional<Instant> lock = perUsername.after(total, now);
                if (lock.isPresent()) {
                    update(c, "update login_throttle set locked_until = ? where username_key = ?", lock.get(),
                            usernameKey);
                }
            }
            return until(c, usernameKey, source, now);
        });
    }

    @Override
    public void recordSuccess(String usernameKey, String source, Instant now, Instant knownUntil) {
        db.inTransaction(c -> {
            if (update(c, MARK_KNOWN, knownUntil, now, usernameKey, source)) {
                return null;
            }
            if (count(c, "select count(*) from login_sources where username_key = ?", usernameKey)
                    >= MAX_SOURCES_PER_USERNAME) {
                evictOldest(c, usernameKey, now);
            }
            if (!insertSource(c, usernameKey, source, 0, knownUntil, now)) {
                // Inserted meanwhile by a concurrent request: mark that row instead.
                update(c, MARK_KNOWN, knownUntil, now, usernameKey, source);
            }
            return null;
        });
    }

    /** Adds a failure to the pair's row, creating it within the bounds; false if the pair is not tracked. */
    private static boolean countOnSource(Connection c, String usernameKey, String source, Instant now)
            throws SQLException {
        String increment = "update login_sources set failures = failures + 1, updated_at = ?"
                + " where username_key = ? and source = ?";
        if (update(c, increment, now, usernameKey, source)) {
            return true;
        }
        if (!roomFor(c, usernameKey, source)) {
            return false;
        }
        // Inserted meanwhile by a concurrent request: count on that row.
        return insertSource(c, usernameKey, source, 1, null, now) || update(c, increment, now, usernameKey, source);
    }

    /** Makes room for a known source: drops the least recently used row, preferring ones that are not known. */
    private static void evictOldest(Connection c, String usernameKey, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select source from login_sources where username_key = ?"
                + " order by case when known_until > ? then 1 else 0 end, updated_at")) {
            ps.setString(1, usernameKey);
            Sql.setInstant(ps, 2, now);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    update(c, "delete from login_sources where username_key = ? and source = ?", usernameKey,
                            rs.getString(1));
                }
            }
        }
    }

    /** Whether a new row for this pair stays within the bounds per username and per source. */
    private static boolean roomFor(Connection c, String usernameKey, String source) throws SQLException {
        return count(c, "select count(*) from login_sources where username_key = ?", usernameKey) < MAX_SOURCES_PER_USERNAME
                && count(c, "select count(*) from login_sources where source = ?", source) < MAX_USERNAMES_PER_SOURCE;
    }

    /** Inserts a row; false if a concurrent request inserted it first (rolled back to a savepoint). */
    private static boolean insertSource(Connection c, String usernameKey, String source, int failures,
                                        Instant knownUntil, Instant now) throws SQLException {
        var savepoint = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("insert into login_sources"
                + " (username_key, source, failures, known_until, updated_at) values (?, ?, ?, ?, ?)")) {
            ps.setString(1, usernameKey);
            ps.setString(2, source);
            ps.setInt(3, failures);
            Sql.setInstant(ps, 4, knownUntil);
            Sql.setInstant(ps, 5, now);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
            c.rollback(savepoint);
            return false;
        }
    }

    /** Adds one failure to the username's row (creating it on the first) and returns the new count. */
    private static int incrementUsername(Connection c, String key, Instant now) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            if (update(c, "update login_throttle set failures = failures + 1, updated_at = ? where username_key = ?",
                    now, key)) {
                return count(c, "select failures from login_throttle where username_key = ?", key);
            }
            var savepoint = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into login_throttle (username_key, failures, updated_at) values (?, 1, ?)")) {
                ps.setString(1, key);
                Sql.setInstant(ps, 2, now);
                ps.executeUpdate();
                return 1;
            } catch (SQLException e) {
                // Another request inserted the row first: roll back to the savepoint and count on it instead.
                if (!Sql.isUniqueViolation(e) || attempt > 2) {
                    throw e;
                }
                c.rollback(savepoint);
            }
        }
    }

    private static Optional<SourceRow> sourceRow(Connection c, String usernameKey, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select failures, locked_until, known_until from login_sources"
                + " where username_key = ? and source = ?")) {
            ps.setString(1, usernameKey);
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new SourceRow(rs.getInt(1), Sql.getInstant(rs, "locked_until"),
                                Sql.getInstant(rs, "known_until")))
                        : Optional.empty();
            }
        }
    }

    private static Instant usernameLock(Connection c, String usernameKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select locked_until from login_throttle where username_key = ?")) {
            ps.setString(1, usernameKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Sql.getInstant(rs, "locked_until") : null;
            }
        }
    }

    /** Runs a statement whose parameters are strings and instants; true if it changed a row. */
    private static boolean update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate() > 0;
        }
    }

    /** The first column of a one-row query (0 if none). */
    private static int count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Instant t) {
                Sql.setInstant(ps, i + 1, t);
            } else {
                ps.setString(i + 1, (String) params[i]);
            }
        }
    }
}
