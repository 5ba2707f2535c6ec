package io.tokenbooth.server.security;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDatabaseSecurityTest extends DatabaseSecurityContract {
    @RegisterExtension
    static final RunningServer app = running(TestDatabase.Kind.POSTGRES);

    PostgresDatabaseSecurityTest() {
        super(app);
    }
}
