package io.tokenbooth.server.security;

import io.tokenbooth.server.testing.TestDatabase;

class H2DatabaseSecurityTest extends DatabaseSecurityContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
