package io.tokenbooth.server.admin;

import static io.tokenbooth.server.admin.AdminHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientSecrets;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Without {@code admin.token} the admin API is off: 403 access_denied to everything, whatever is presented. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiDisabledTest {
    private TestDatabase db;
    private TestServer server;

    @BeforeAll
    void start() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        server = TestServer.builder(db).start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyEndpointWhenAdminTokenNotConfiguredThen403AccessDeniedWithAnyOrNoCredential() {
        String secret = server.tokenbooth().services().clients.register(ClientRegistration.of("existing", false, List.of()))
                .secret().orElseThrow();
        for (String presented : java.util.Arrays.asList(null, AdminClientsApiTest.TOKEN, "", "anything")) {
            for (TestServer.Response r : new AdminHttp(server, presented).everyEndpoint("existing")) {
                assertError(r, 403, "access_denied");
                assertThat(r.text("error_description")).contains("admin.token");
            }
        }
        var clients = server.tokenbooth().services().clients;
        assertThat(clients.list()).extracting(c -> c.clientId()).containsExactly("existing");
        assertThat(ClientSecrets.matches(secret, clients.find("existing").orElseThrow().secretHash().orElseThrow()))
                .as("not rotated").isTrue();
    }
}
