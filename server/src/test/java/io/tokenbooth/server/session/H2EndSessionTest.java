package io.tokenbooth.server.session;

import io.tokenbooth.server.testing.RunningServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2EndSessionTest extends EndSessionContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    H2EndSessionTest() {
        super(app);
    }
}
