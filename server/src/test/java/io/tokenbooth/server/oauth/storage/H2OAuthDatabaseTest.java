package io.tokenbooth.server.oauth.storage;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2OAuthDatabaseTest extends OAuthDatabaseContract {
    @RegisterExtension
    static final RunningServer app = running(TestDatabase.Kind.H2);

    H2OAuthDatabaseTest() {
        super(app);
    }
}
