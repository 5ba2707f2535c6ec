package io.tokenbooth.server.storage;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresMigrationUpgradeTest extends MigrationUpgradeContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
