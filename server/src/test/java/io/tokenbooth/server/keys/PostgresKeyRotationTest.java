package io.tokenbooth.server.keys;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresKeyRotationTest extends KeyRotationContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
