package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.testing.TestServer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registers clients straight through the server's {@code ClientService}, with a builder. */
public final class TestClients {
    private final TestServer server;
    private String clientId = "client-" + UUID.randomUUID().toString().substring(0, 8);
    private String name = null;
    private boolean publicClient = true;
    private boolean firstParty = false;
    private List<String> redirectUris = List.of("https://app.example.test/callback");
    private List<String> postLogoutRedirectUris = List.of();
    private List<String> scopes = List.of();
    private List<String> audiences = List.of();

    private TestClients(TestServer server) {
        this.server = server;
    }

    public static TestClients on(TestServer server) {
        return new TestClients(server);
    }

    public TestClients id(String id) {
        this.clientId = id;
        return this;
    }

    public TestClients name(String n) {
        this.name = n;
        return this;
    }

    public TestClients confidential() {
        this.publicClient = false;
        return this;
    }

    public TestClients firstParty() {
        this.firstParty = true;
        return this;
    }

    public TestClients redirectUris(String... uris) {
        this.redirectUris = List.of(uris);
        return this;
    }

    public TestClients postLogoutRedirectUris(String... uris) {
        this.postLogoutRedirectUris = List.of(uris);
        return this;
    }

    public TestClients scopes(String... s) {
        this.scopes = List.of(s);
        return this;
    }

    public TestClients audiences(String... a) {
        this.audiences = List.of(a);
        return this;
    }

    public Client register() {
        ClientRegistration r = new ClientRegistration(clientId, Optional.ofNullable(name), publicClient,
                Optional.<AuthMethod>empty(), Optional.empty(), Optional.empty(), redirectUris, postLogoutRedirectUris,
                List.of(), scopes, audiences, List.of(), firstParty, Optional.empty(), Optional.empty(), Optional.empty());
        return server.tokenbooth().services().clients.register(r).client();
    }
}
