package io.tokenbooth.server.security;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2StrangerLockoutTest extends StrangerLockoutContract {
    @RegisterExtension
    static final RunningServer app = running(TestDatabase.Kind.H2);

    H2StrangerLockoutTest() {
        super(app);
    }
}
