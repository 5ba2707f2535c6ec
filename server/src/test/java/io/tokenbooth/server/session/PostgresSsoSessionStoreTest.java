package io.tokenbooth.server.session;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresSsoSessionStoreTest extends SsoSessionStoreContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
