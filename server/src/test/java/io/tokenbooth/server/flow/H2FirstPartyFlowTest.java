package io.tokenbooth.server.flow;

import io.tokenbooth.server.testing.TestDatabase;

class H2FirstPartyFlowTest extends FirstPartyFlowContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
