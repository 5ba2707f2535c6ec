package io.tokenbooth.server.storage;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRetentionTest extends RetentionContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.on(TestDatabase.Kind.POSTGRES);

    PostgresRetentionTest() {
        super(app);
    }
}
