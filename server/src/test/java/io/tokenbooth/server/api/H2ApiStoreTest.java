package io.tokenbooth.server.api;

import io.tokenbooth.server.testing.TestDatabase;

class H2ApiStoreTest extends ApiStoreContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
