package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
}
