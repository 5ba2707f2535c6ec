package io.tokenbooth.server.oauth.authorize.pending;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresPendingAuthorizationStoreTest extends PendingAuthorizationStoreContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
