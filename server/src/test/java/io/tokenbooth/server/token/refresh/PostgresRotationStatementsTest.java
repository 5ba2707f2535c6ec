package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresRotationStatementsTest extends RotationStatementsContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
