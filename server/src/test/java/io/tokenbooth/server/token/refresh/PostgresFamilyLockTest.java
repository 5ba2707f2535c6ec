package io.tokenbooth.server.token.refresh;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresFamilyLockTest extends FamilyLockContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
