package io.tokenbooth.server.oauth.storage;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresOAuthDatabaseTest extends OAuthDatabaseContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
