package io.tokenbooth.server.token.status;

import io.tokenbooth.server.testing.RunningServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2TokenStatusListTest extends TokenStatusListContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    H2TokenStatusListTest() {
        super(app);
    }
}
