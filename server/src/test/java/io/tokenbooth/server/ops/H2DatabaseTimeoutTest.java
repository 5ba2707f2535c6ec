package io.tokenbooth.server.ops;

import io.tokenbooth.server.testing.TestDatabase;

class H2DatabaseTimeoutTest extends DatabaseTimeoutContract {
    H2DatabaseTimeoutTest() {
        super(TestDatabase.Kind.H2);
    }
}
