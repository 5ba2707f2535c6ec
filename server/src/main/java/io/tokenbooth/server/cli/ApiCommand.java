package io.tokenbooth.server.cli;

import io.tokenbooth.server.api.Api;
import io.tokenbooth.server.app.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Manage registered APIs (resource servers): their audience and the scopes tokens carry for them.",
        subcommands = {ApiCommand.Add.class, ApiCommand.ListApis.class, ApiCommand.Remove.class})
final class ApiCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register an API.")
    static final class Add implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "NAME", description = "1-128 characters of A-Z a-z 0-9 . _ ~ -")
        String name;
        @Option(names = "--audience", required = true, paramLabel = "URI", description = "The API's resource "
                + "indicator (RFC 8707): an absolute URI without fragment, the aud of its tokens, e.g. its origin.")
        String audience;
        @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = "A right a token for this API "
                + "can carry, e.g. wallet:read. Repeatable (1-32); not openid, profile, email, address, phone, "
                + "offline_access or api.")
        List<String> scopes = new ArrayList<>();
        @Option(names = "--access-token-ttl", paramLabel = "DURATION", description = "Lifetime of access tokens for "
                + "this API (30s to 24h, e.g. 10m); default: the client's or the configured one.")
        String accessTtl;

        @Override
        public Integer call() {
            Optional<Duration> ttl = Optional.ofNullable(accessTtl).map(KeysCommand.Rotate::parse);
            try (Services services = UserCommand.open(options)) {
                Api api = services.apis.register(name, audience, scopes, ttl);
                System.out.println("registered API " + api.name() + " (audience " + api.audience() + "; scopes "
                        + String.join(" ", api.scopes()) + ")");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered APIs.")
    static final class ListApis implements Callable<Integer> {
        @Mixin
        CommonOptions options;

        @Override
        public Integer call() {
            try (Services services = UserCommand.open(options)) {
                System.out.printf("%-30s %-40s %-10s %s%n", "NAME", "AUDIENCE", "TOKEN TTL", "SCOPES");
                for (Api a : services.apis.list()) {
                    System.out.printf("%-30s %-40s %-10s %s%n", a.name(), a.audience(),
                            a.accessTokenTtl().map(d -> d.toSeconds() + "s").orElse("-"), String.join(" ", a.scopes()));
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a registered API. Tokens "
            + "already issued for it stay valid until they expire; running servers stop issuing new ones within 5 seconds.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Services services = UserCommand.open(options)) {
                if (!services.apis.remove(name)) {
                    System.err.println("error: no such API: " + name);
                    return 1;
                }
                System.out.println("removed API " + name);
            }
            return 0;
        }
    }
}
