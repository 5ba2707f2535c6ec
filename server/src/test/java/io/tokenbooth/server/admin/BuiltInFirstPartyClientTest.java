package io.tokenbooth.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.cli.Cli;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built-in {@code first-party} client: it serves {@code /api/v1/login} and {@code /refresh}, and it is not in the
 * registry — it cannot be registered, is never listed, cannot be removed — through the service, the admin API and the
 * CLI alike; {@code /oauth2/token} does not know it.
 */
class BuiltInFirstPartyClientTest {
    private static final String ID = "first-party";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("admin.token", AdminClientsApiTest.TOKEN);

    private AdminHttp admin() {
        return new AdminHttp(app.server(), AdminClientsApiTest.TOKEN);
    }

    private ClientService clients() {
        return app.server().tokenbooth().services().clients;
    }

    private Cli.Result cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data";
        all[args.length + 1] = app.db().dataDir().toString();
        return Cli.run(all);
    }

    /** The first-party API still works: a login and a refresh. */
    private void assertFirstPartyApiWorks() {
        String name = "bi_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(name, OAuthTestKit.PASSWORD);
        TestServer.Response login = app.server().login(name, OAuthTestKit.PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(app.server().refresh(login.text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void registerWhenIdIsTheBuiltInOneThenRefusedEverywhere() {
        assertThatThrownBy(() -> clients().register(new ClientRegistration(ID, Optional.empty(), true, Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(OAuthTestKit.REDIRECT), List.of(), List.of(), List.of(),
                List.of(), List.of(), false, Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(OAuthException.class).hasMessageContaining("reserved");
        OAuthTestKit.assertError(admin().create("{\"client_id\": \"first-party\", \"redirect_uris\": [\""
                + OAuthTestKit.REDIRECT + "\"]}"), 400, "invalid_request");
        Cli.Result add = cli("client", "add", ID, "--redirect-uri", OAuthTestKit.REDIRECT);
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).contains("reserved");
        assertThat(clients().find(ID)).isEmpty();
        assertFirstPartyApiWorks();
    }

    @Test
    void listWhenAskedThenTheBuiltInClientIsNotThere() {
        new OAuthTestKit(app.server()).webClient();
        assertThat(clients().list()).isNotEmpty().noneMatch(c -> c.clientId().equals(ID));
        TestServer.Response list = admin().list();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("\"" + ID + "\"");
        Cli.Result cli = cli("client", "list");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.out()).doesNotContain(ID);
    }

    @Test
    void removeWhenIdIsTheBuiltInOneThenRefusedAndTheApiKeepsWorking() {
        assertThatThrownBy(() -> clients().remove(ID)).isInstanceOf(OAuthException.class)
                .hasMessageContaining("built in");
        OAuthTestKit.assertError(admin().delete(ID), 400, "invalid_request");
        Cli.Result remove = cli("client", "remove", ID);
        assertThat(remove.exitCode()).as(remove.toString()).isEqualTo(1);
        assertThat(remove.err()).contains("built in");
        assertFirstPartyApiWorks();
    }

    @Test
    void tokenEndpointWhenClientIsTheBuiltInOneThenInvalidClient() {
        String name = "bt_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(name, OAuthTestKit.PASSWORD);
        String refresh = app.server().login(name, OAuthTestKit.PASSWORD).text("refresh_token");
        TestServer.Response r = new OAuthTestKit(app.server()).post("/oauth2/token", OAuthTestKit.form(
                "grant_type", "refresh_token", "refresh_token", refresh, "client_id", ID));
        OAuthTestKit.assertError(r, 401, "invalid_client");
        // The token was not spent by the refused attempt.
        assertThat(app.server().refresh(refresh).status()).isEqualTo(200);
    }
}
