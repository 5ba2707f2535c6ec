package io.tokenbooth.server.session;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresEndSessionTest extends EndSessionContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.on(TestDatabase.Kind.POSTGRES);

    PostgresEndSessionTest() {
        super(app);
    }
}
