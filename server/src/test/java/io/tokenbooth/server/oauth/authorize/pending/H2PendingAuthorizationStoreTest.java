package io.tokenbooth.server.oauth.authorize.pending;

import io.tokenbooth.server.testing.TestDatabase;

class H2PendingAuthorizationStoreTest extends PendingAuthorizationStoreContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
