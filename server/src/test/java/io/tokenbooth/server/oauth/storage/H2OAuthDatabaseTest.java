package io.tokenbooth.server.oauth.storage;

import io.tokenbooth.server.testing.TestDatabase;

class H2OAuthDatabaseTest extends OAuthDatabaseContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
