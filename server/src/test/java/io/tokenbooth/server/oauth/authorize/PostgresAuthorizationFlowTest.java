package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.testing.TestDatabase;

class PostgresAuthorizationFlowTest extends AuthorizationFlowContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
