package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.testing.TestDatabase;

class H2RotationStatementsTest extends RotationStatementsContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
