package io.tokenbooth.server.security;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresDatabaseSecurityTest extends DatabaseSecurityContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
