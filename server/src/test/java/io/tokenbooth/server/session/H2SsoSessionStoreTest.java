package io.tokenbooth.server.session;

import io.tokenbooth.server.testing.TestDatabase;

class H2SsoSessionStoreTest extends SsoSessionStoreContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
