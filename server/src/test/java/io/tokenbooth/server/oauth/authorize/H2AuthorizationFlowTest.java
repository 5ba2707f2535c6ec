package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2AuthorizationFlowTest extends AuthorizationFlowContract {
    @RegisterExtension
    static final RunningServer app = running(TestDatabase.Kind.H2);

    H2AuthorizationFlowTest() {
        super(app);
    }
}
