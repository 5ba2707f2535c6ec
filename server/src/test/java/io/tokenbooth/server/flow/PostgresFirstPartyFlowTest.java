package io.tokenbooth.server.flow;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresFirstPartyFlowTest extends FirstPartyFlowContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.on(TestDatabase.Kind.POSTGRES);

    PostgresFirstPartyFlowTest() {
        super(app);
    }
}
