package io.tokenbooth.server.keys;

import io.tokenbooth.server.testing.TestDatabase;

class H2FirstStartKeyRaceTest extends FirstStartKeyRaceContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
