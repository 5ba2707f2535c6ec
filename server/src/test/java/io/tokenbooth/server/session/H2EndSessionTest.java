package io.tokenbooth.server.session;

import io.tokenbooth.server.testing.TestDatabase;

class H2EndSessionTest extends EndSessionContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
