package io.tokenbooth.server.session;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresEndSessionTest extends EndSessionContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
