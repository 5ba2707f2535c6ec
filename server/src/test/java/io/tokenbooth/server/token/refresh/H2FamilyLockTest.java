package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.testing.TestDatabase;

class H2FamilyLockTest extends FamilyLockContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
