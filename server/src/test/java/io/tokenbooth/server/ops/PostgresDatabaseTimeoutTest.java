package io.tokenbooth.server.ops;

import io.tokenbooth.server.testing.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresDatabaseTimeoutTest extends DatabaseTimeoutContract {
    PostgresDatabaseTimeoutTest() {
        super(TestDatabase.Kind.POSTGRES);
    }

    @Test
    void refreshWhenRowLockHeldPastStatementTimeoutThen503WithRetryAfterAndServedAfterRelease() throws SQLException {
        // No lock timeout of ours: the statement timeout (57014 query_canceled) is what ends the wait.
        assertHeldRefreshAnswered503ThenServedAfterRelease(startAndLogIn("1s", "0"));
    }
}
