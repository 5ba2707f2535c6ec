package io.tokenbooth.server.flow;

import io.tokenbooth.server.testing.RunningServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2DisabledAccountRefreshTest extends DisabledAccountRefreshContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    H2DisabledAccountRefreshTest() {
        super(app);
    }
}
