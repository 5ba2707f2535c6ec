package io.tokenbooth.server.storage;

import io.tokenbooth.server.testing.RunningServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2RetentionTest extends RetentionContract {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    H2RetentionTest() {
        super(app);
    }
}
