package io.tokenbooth.server.flow;

import io.tokenbooth.server.testing.RunningServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2FirstPartyFlowTest extends FirstPartyFlowContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    H2FirstPartyFlowTest() {
        super(app);
    }
}
