package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresPendingAuthorizationTest extends PendingAuthorizationContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.on(TestDatabase.Kind.POSTGRES);

    PostgresPendingAuthorizationTest() {
        super(app);
    }
}
