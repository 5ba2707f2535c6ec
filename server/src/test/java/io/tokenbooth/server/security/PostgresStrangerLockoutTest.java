package io.tokenbooth.server.security;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresStrangerLockoutTest extends StrangerLockoutContract {
    @RegisterExtension
    static final RunningServer app = running(TestDatabase.Kind.POSTGRES);

    PostgresStrangerLockoutTest() {
        super(app);
    }
}
