package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresDatabaseTimeoutsTest extends DatabaseTimeoutsContract {
    PostgresDatabaseTimeoutsTest() {
        super(TestDatabase.Kind.POSTGRES);
    }

    @Override
    String slowStatement() {
        return "select pg_sleep(30)";
    }

    @Override
    long statementTimeoutMillis(Connection c) throws SQLException {
        return firstLong(c, "select setting::bigint from pg_settings where name = 'statement_timeout'");
    }

    @Test
    void migrateWhenStatementOutlastsStatementTimeoutThenMigrationConnectionFinishesIt() throws SQLException {
        try (Connection c = db().migrationDataSource().getConnection(); Statement s = c.createStatement()) {
            assertThat(s.execute("select pg_sleep(1.5)")).isTrue();
        }
    }

    @Test
    void openWhenUrlCarriesOptionsThenTheyStayAndOurTimeoutWinsOrZeroLeavesTheirs() {
        try (TestDatabase pg = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            // An operator's URL with options of its own, one of them a statement timeout.
            String url = pg.jdbcUrl() + "&options=-c%20statement_timeout%3D5000%20-c%20work_mem%3D8MB";
            try (Database ours = open(url, "1s"); Database theirs = open(url, "0")) {
                assertThat(setting(ours, "statement_timeout")).isEqualTo(1000L);
                assertThat(setting(ours, "work_mem")).as("work_mem in kB").isEqualTo(8192L);
                assertThat(setting(theirs, "statement_timeout")).isEqualTo(5000L);
            }
        }
    }

    private static Long setting(Database db, String name) {
        return db.inTransaction(c -> firstLong(c, "select setting::bigint from pg_settings where name = '" + name + "'"));
    }

    private static Database open(String url, String statementTimeout) {
        return Database.open(ConfigLoader.load(Map.of("db", url, "db-statement-timeout", statementTimeout,
                "master-key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), Map.of(), Optional.empty()).database());
    }
}
