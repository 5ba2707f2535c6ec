package io.tokenbooth.server.api;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresApiStoreTest extends ApiStoreContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
