package io.tokenbooth.server.flow;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDisabledAccountRefreshTest extends DisabledAccountRefreshContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.on(TestDatabase.Kind.POSTGRES);

    PostgresDisabledAccountRefreshTest() {
        super(app);
    }
}
