package io.tokenbooth.server.admin;

import static io.tokenbooth.server.admin.AdminHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientSecrets;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without {@code admin.token} the admin API is off: 403 access_denied to everything, whatever is presented. */
class AdminApiDisabledTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    @Test
    void everyEndpointWhenAdminTokenNotConfiguredThen403AccessDeniedWithAnyOrNoCredential() {
        String secret = app.server().tokenbooth().services().clients
                .register(ClientRegistration.of("existing", false, List.of())).secret().orElseThrow();
        for (String presented : java.util.Arrays.asList(null, AdminClientsApiTest.TOKEN, "", "anything")) {
            for (TestServer.Response r : new AdminHttp(app.server(), presented).everyEndpoint("existing")) {
                assertError(r, 403, "access_denied");
                assertThat(r.text("error_description")).contains("admin.token");
            }
        }
        var clients = app.server().tokenbooth().services().clients;
        assertThat(clients.list()).extracting(c -> c.clientId()).containsExactly("existing");
        assertThat(ClientSecrets.matches(secret, clients.find("existing").orElseThrow().secretHash().orElseThrow()))
                .as("not rotated").isTrue();
    }
}
