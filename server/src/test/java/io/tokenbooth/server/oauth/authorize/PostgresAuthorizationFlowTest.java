package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAuthorizationFlowTest extends AuthorizationFlowContract {
    @RegisterExtension
    static final RunningServer app = running(TestDatabase.Kind.POSTGRES);

    PostgresAuthorizationFlowTest() {
        super(app);
    }
}
