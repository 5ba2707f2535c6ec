package io.tokenbooth.server.login;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** {@link LoginThrottleStore} on the {@code login_throttle} table. */
public final class JdbcLoginThrottleStore implements LoginThrottleStore {
    private final Database db;

    public JdbcLoginThrottleStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Instant> lockedUntil(String usernameKey, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select locked_until from login_throttle where username_key = ?")) {
                ps.setString(1, usernameKey);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Instant until = Sql.getInstant(rs, "locked_until");
                    return until != null && until.isAfter(now) ? Optional.of(until) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Instant> recordFailure(String usernameKey, Instant now, int free, Duration base, Duration max) {
        return db.inTransaction(c -> {
            int failures = increment(c, usernameKey, now);
            if (failures <= free) {
                return Optional.empty();
            }
            int doublings = Math.min(failures - free - 1, 30);
            Duration delay = base.multipliedBy(1L << doublings);
            Instant until = now.plus(delay.compareTo(max) > 0 ? max : delay);
            try (PreparedStatement ps = c.prepareStatement("update login_throttle set locked_until = ? where username_key = ?")) {
                Sql.setInstant(ps, 1, until);
                ps.setString(2, usernameKey);
                ps.executeUpdate();
            }
            return Optional.of(until);
        });
    }

    /** Adds one failure (creating the row on the first) and returns the new count; the update locks the row. */
    private static int increment(Connection c, String key, Instant now) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement ps = c.prepareStatement(
                    "update login_throttle set failures = failures + 1, updated_at = ? where username_key = ?")) {
                Sql.setInstant(ps, 1, now);
                ps.setString(2, key);
                if (ps.executeUpdate() == 1) {
                    try (PreparedStatement q = c.prepareStatement("select failures from login_throttle where username_key = ?")) {
                        q.setString(1, key);
                        try (ResultSet rs = q.executeQuery()) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    }
                }
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

    @Override
    public void reset(String usernameKey) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from login_throttle where username_key = ?")) {
                ps.setString(1, usernameKey);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
