package io.tokenbooth.server.flow;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresFirstPartyFlowTest extends FirstPartyFlowContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
