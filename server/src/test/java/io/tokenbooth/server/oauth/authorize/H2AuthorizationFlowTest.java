package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.testing.TestDatabase;

class H2AuthorizationFlowTest extends AuthorizationFlowContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
