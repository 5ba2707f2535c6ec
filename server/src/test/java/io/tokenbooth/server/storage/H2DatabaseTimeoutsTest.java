package io.tokenbooth.server.storage;

import io.tokenbooth.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;

class H2DatabaseTimeoutsTest extends DatabaseTimeoutsContract {
    H2DatabaseTimeoutsTest() {
        super(TestDatabase.Kind.H2);
    }

    @Override
    String slowStatement() {
        // Ten billion joined rows: minutes of work, cancelled by QUERY_TIMEOUT.
        return "select count(*) from system_range(1, 100000) a, system_range(1, 100000) b";
    }

    @Override
    long statementTimeoutMillis(Connection c) throws SQLException {
        return firstLong(c, "select cast(setting_value as bigint) from information_schema.settings"
                + " where setting_name = 'QUERY_TIMEOUT'");
    }
}
