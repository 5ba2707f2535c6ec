package io.tokenbooth.server.cli;

import io.tokenbooth.server.app.Services;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage OAuth clients (applications).",
        subcommands = {ClientCommand.Add.class, ClientCommand.ListClients.class, ClientCommand.Remove.class,
                ClientCommand.RotateSecret.class})
final class ClientCommand {

    static Optional<String> secretFromStdin(boolean enabled) throws IOException {
        if (!enabled) {
            return Optional.empty();
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("no secret on standard input");
        }
        return Optional.of(line);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a client. For a confidential client the generated secret is printed once.")
    static final class Add implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "CLIENT_ID", description = "1-128 characters of A-Z a-z 0-9 . _ ~ -")
        String clientId;
        @Option(names = "--name", paramLabel = "NAME", description = "Display name shown on the consent page.")
        String name;
        @Option(names = "--public", description = "A public client (mobile, single-page app): no secret, PKCE required.")
        boolean publicClient;
        @Option(names = "--redirect-uri", paramLabel = "URI", description = "Allowed redirect URI, matched exactly "
                + "(loopback http://127.0.0.1/... on any port). Repeatable.")
        List<String> redirectUris = new ArrayList<>();
        @Option(names = "--post-logout-redirect-uri", paramLabel = "URI", description = "Allowed post_logout_redirect_uri. Repeatable.")
        List<String> logoutUris = new ArrayList<>();
        @Option(names = "--grant", paramLabel = "TYPE", description = "authorization_code, refresh_token or "
                + "client_credentials. Repeatable. Default: authorization_code and refresh_token with redirect URIs, "
                + "client_credentials without.")
        List<String> grants = new ArrayList<>();
        @Option(names = "--scope", paramLabel = "SCOPE", description = "Allowed scope. Repeatable. Default: openid "
                + "profile email offline_access.")
        List<String> scopes = new ArrayList<>();
        @Option(names = "--audience", paramLabel = "URI", description = "Resource (RFC 8707) the client may request "
                + "tokens for; the first is the default aud. Repeatable.")
        List<String> audiences = new ArrayList<>();
        @Option(names = "--web-origin", paramLabel = "ORIGIN", description = "Browser origin allowed by CORS. Repeatable.")
        List<String> webOrigins = new ArrayList<>();
        @Option(names = "--first-party", description = "Trusted first-party app: skips the consent page.")
        boolean firstParty;
        @Option(names = "--auth-method", paramLabel = "METHOD", description = "client_secret_basic (default), "
                + "client_secret_post, private_key_jwt or none.")
        String authMethod;
        @Option(names = "--jwks-file", paramLabel = "FILE", description = "The client's public keys (JWK set JSON) for private_key_jwt.")
        Path jwksFile;
        @Option(names = "--secret-stdin", description = "Read the secret from standard input instead of generating one "
                + "(at least 32 characters).")
        boolean secretStdin;
        @Option(names = "--access-token-ttl", paramLabel = "DURATION", description = "Access token lifetime for this client.")
        String accessTtl;

        @Override
        public Integer call() throws IOException {
            Optional<AuthMethod> method = Optional.ofNullable(authMethod).map(m -> AuthMethod.parse(m)
                    .orElseThrow(() -> new ConfigException("--auth-method must be client_secret_basic, client_secret_post, "
                            + "private_key_jwt or none")));
            Optional<String> jwks = jwksFile == null ? Optional.empty() : Optional.of(Files.readString(jwksFile));
            Optional<Duration> ttl = Optional.ofNullable(accessTtl).map(KeysCommand.Rotate::parse);
            ClientRegistration registration = new ClientRegistration(clientId, Optional.ofNullable(name), publicClient,
                    method, secretFromStdin(secretStdin), jwks, redirectUris, logoutUris, grants, scopes, audiences,
                    webOrigins, firstParty, ttl, Optional.empty(), Optional.empty());
            try (Services services = UserCommand.open(options)) {
                ClientService.Registered r = services.clients.register(registration);
                Client c = r.client();
                System.out.println("registered client " + c.clientId() + " (" + c.authMethod().value() + "; grants "
                        + String.join(" ", c.grantTypes()) + ")");
                if (r.secret().isPresent() && !secretStdin) {
                    System.out.println("client_secret: " + r.secret().get());
                    System.out.println("Store the secret now: it is not shown again (only its hash is kept).");
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered clients.")
    static final class ListClients implements Callable<Integer> {
        @Mixin
        CommonOptions options;

        @Override
        public Integer call() {
            try (Services services = UserCommand.open(options)) {
                System.out.printf("%-30s %-20s %-40s %s%n", "CLIENT_ID", "AUTH", "GRANTS", "REDIRECT URIS");
                for (Client c : services.clients.list()) {
                    System.out.printf("%-30s %-20s %-40s %s%n", c.clientId(), c.authMethod().value(),
                            String.join(",", c.grantTypes()), String.join(" ", c.redirectUris()));
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a client, its pending codes and its users' consents.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            try (Services services = UserCommand.open(options)) {
                if (!services.clients.remove(clientId)) {
                    System.err.println("error: no such client: " + clientId);
                    return 1;
                }
                System.out.println("removed client " + clientId);
            }
            return 0;
        }
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = "Replace a client's secret; running servers refuse the old one within 5 seconds (client cache). The new secret is printed once.")
    static final class RotateSecret implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;
        @Option(names = "--secret-stdin", description = "Read the new secret from standard input (at least 32 characters).")
        boolean secretStdin;

        @Override
        public Integer call() throws IOException {
            Optional<String> chosen = secretFromStdin(secretStdin);
            try (Services services = UserCommand.open(options)) {
                String secret = services.clients.rotateSecret(clientId, chosen);
                System.out.println("new secret set for " + clientId);
                if (!secretStdin) {
                    System.out.println("client_secret: " + secret);
                }
            }
            return 0;
        }
    }
}
