package io.tokenbooth.server.keys;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresFirstStartKeyRaceTest extends FirstStartKeyRaceContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
