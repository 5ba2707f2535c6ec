package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2PendingAuthorizationTest extends PendingAuthorizationContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.on(TestDatabase.Kind.H2);

    H2PendingAuthorizationTest() {
        super(app);
    }
}
