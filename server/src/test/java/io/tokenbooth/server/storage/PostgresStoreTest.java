package io.tokenbooth.server.storage;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresStoreTest extends StoreContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
