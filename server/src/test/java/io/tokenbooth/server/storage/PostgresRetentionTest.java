package io.tokenbooth.server.storage;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresRetentionTest extends RetentionContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
