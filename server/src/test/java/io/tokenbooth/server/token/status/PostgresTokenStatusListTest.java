package io.tokenbooth.server.token.status;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTokenStatusListTest extends TokenStatusListContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.on(TestDatabase.Kind.POSTGRES);

    PostgresTokenStatusListTest() {
        super(app);
    }
}
