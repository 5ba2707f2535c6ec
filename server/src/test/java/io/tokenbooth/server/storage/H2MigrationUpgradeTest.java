package io.tokenbooth.server.storage;

import io.tokenbooth.server.testing.TestDatabase;

class H2MigrationUpgradeTest extends MigrationUpgradeContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
