package io.tokenbooth.server.storage;

import io.tokenbooth.server.config.TokenboothConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statement and lock timeouts as session settings, in each database's own words: PostgreSQL's
 * {@code statement_timeout} and {@code lock_timeout}, H2's {@code QUERY_TIMEOUT} and {@code LOCK_TIMEOUT}. Set after
 * connecting rather than in the JDBC URL, so they work beside whatever {@code options} an operator's URL carries, and
 * win over them. A zero timeout is not set: the database's (or role's, or URL's) own setting applies. Immutable.
 */
record SessionTimeouts(boolean postgres, Duration statement, Duration lock) {

    static SessionTimeouts of(TokenboothConfig.Database settings) {
        return new SessionTimeouts(Database.jdbcUrl(settings).startsWith("jdbc:postgresql:"),
                settings.statementTimeout(), settings.lockTimeout());
    }

    /** What every pooled connection runs once after connecting; empty when both timeouts are left to the database. */
    Optional<String> sessionSql() {
        List<String> sets = new ArrayList<>();
        if (!statement.isZero()) {
            sets.add(statementSql(statement));
        }
        if (!lock.isZero()) {
            sets.add(lockSql());
        }
        return sets.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", sets));
    }

    /** What a migration connection runs: no statement timeout, whatever the role or URL says; the lock timeout kept. */
    String migrationSql() {
        return lock.isZero() ? statementSql(Duration.ZERO) : statementSql(Duration.ZERO) + "; " + lockSql();
    }

    private String statementSql(Duration d) {
        return (postgres ? "set statement_timeout = " : "set query_timeout ") + d.toMillis();
    }

    private String lockSql() {
        return (postgres ? "set lock_timeout = " : "set lock_timeout ") + lock.toMillis();
    }

    /**
     * True when a statement was cut off by a timeout: 57014 query_canceled (PostgreSQL's statement_timeout, H2's
     * QUERY_TIMEOUT), 55P03 lock_not_available (PostgreSQL's lock_timeout), HYT00 (H2's LOCK_TIMEOUT, error 50200).
     */
    static boolean isTimeout(SQLException e) {
        String state = e.getSQLState();
        return "57014".equals(state) || "55P03".equals(state) || "HYT00".equals(state);
    }
}
