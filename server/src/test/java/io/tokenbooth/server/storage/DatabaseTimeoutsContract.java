package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every pooled connection carries the statement timeout, also after a rollback; a statement cut off by it surfaces
 * as {@link StoreUnavailableException}; Flyway's connections are exempt. Run on H2 and PostgreSQL.
 */
abstract class DatabaseTimeoutsContract {
    private final TestDatabase.Kind kind;
    private TestDatabase testDb;
    private Database db;

    DatabaseTimeoutsContract(TestDatabase.Kind kind) {
        this.kind = kind;
    }

    /** A statement that runs for far longer than a second. */
    abstract String slowStatement();

    /** The session's statement timeout as the database reports it, in milliseconds. */
    abstract long statementTimeoutMillis(Connection c) throws SQLException;

    @BeforeEach
    void open() {
        testDb = TestDatabase.create(kind);
        Map<String, String> settings = new HashMap<>(testDb.settings());
        settings.put("db-pool-size", "1"); // every transaction below gets the same connection
        settings.put("db-statement-timeout", "1s");
        db = Database.open(ConfigLoader.load(settings, Map.of(), Optional.empty()).database());
        db.migrate();
    }

    Database db() {
        return db;
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        testDb.close();
    }

    private void runSlowStatement(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(slowStatement());
        }
    }

    @Test
    void inTransactionWhenStatementRunsPastTimeoutThenStoreUnavailableWithinAboutTheTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> db.inTransaction(c -> {
            runSlowStatement(c);
            return null;
        })).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("did not answer in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(timeoutInTransaction()).isEqualTo(1000L);
    }

    @Test
    void inTransactionWhenEarlierTransactionRolledBackThenTimeoutStillSet() {
        assertThatThrownBy(() -> db.inTransaction(c -> {
            throw new SQLException("fail on purpose", "22000");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(timeoutInTransaction()).isEqualTo(1000L);
    }

    @Test
    void migrateWhenStatementTimeoutSetThenMigrationConnectionsExempt() throws SQLException {
        // Flyway took its connections from the migration pool (they stay idle for seconds after migrate()).
        assertThat(((com.zaxxer.hikari.HikariDataSource) db.migrationDataSource()).getHikariPoolMXBean()
                .getTotalConnections()).isPositive();
        try (Connection c = db.migrationDataSource().getConnection()) {
            assertThat(statementTimeoutMillis(c)).isZero();
        }
    }

    private Long timeoutInTransaction() {
        return db.inTransaction(this::statementTimeoutMillis);
    }

    static long firstLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
