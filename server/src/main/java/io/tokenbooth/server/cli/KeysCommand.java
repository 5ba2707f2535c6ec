package io.tokenbooth.server.cli;

import io.tokenbooth.server.app.Services;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.StoredKey;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage token signing keys.",
        subcommands = {KeysCommand.List.class, KeysCommand.Rotate.class})
final class KeysCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List signing keys: id (RFC 7638 thumbprint), algorithm, and when each signs and retires.")
    static final class List implements Callable<Integer> {
        @Mixin
        CommonOptions options;

        @Override
        public Integer call() {
            try (Services services = UserCommand.open(options)) {
                Instant now = services.clock.instant();
                System.out.printf("%-45s %-6s %-9s %-25s %s%n", "KID", "ALG", "STATE", "SIGNS FROM", "RETIRED AT");
                for (StoredKey k : services.keys.list()) {
                    String state = k.retiredAt() != null && !k.retiredAt().isAfter(now) ? "retired"
                            : k.activatesAt().isAfter(now) ? "next" : "active";
                    System.out.printf("%-45s %-6s %-9s %-25s %s%n", k.kid(), k.alg(), state, k.activatesAt(),
                            k.retiredAt() == null ? "-" : k.retiredAt());
                }
            }
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Generate a new signing key. It is published in the JWKS at once and signs after the delay; "
                    + "the key it replaces stays published until every token it signed has expired.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Option(names = "--alg", paramLabel = "ALG", description = "ES256, RS256 or EdDSA (default: tokens.algorithm).")
        String alg;
        @Option(names = "--delay", paramLabel = "DURATION",
                description = "Time before the new key signs, e.g. 0s, 5m (default: keys.activation-delay).")
        String delay;
        @Option(names = "--force", description = "Rotate even when keys in use cannot be decrypted with this master key: "
                + "recovery after a lost master key. Run it for every algorithm in use (ES256 and RS256 by default); "
                + "tokens signed with the lost keys stop verifying.")
        boolean force;

        @Override
        public Integer call() {
            TokenboothConfig config = options.load();
            String algorithm = alg != null ? alg : config.tokens().algorithm();
            if (!java.util.Set.of("ES256", "RS256", "EdDSA").contains(algorithm)) {
                throw new io.tokenbooth.server.config.ConfigException("--alg must be ES256, RS256 or EdDSA");
            }
            Duration wait = delay != null ? parse(delay) : config.keys().activationDelay();
            try (Services services = UserCommand.open(options)) {
                KeyService keys = services.keys;
                StoredKey key = keys.rotate(algorithm, wait, force);
                System.out.println("new " + algorithm + " key " + key.kid() + " published; signs from " + key.activatesAt());
            }
            return 0;
        }

        static Duration parse(String text) {
            try {
                return io.tokenbooth.server.config.ConfigLoader.load(
                        java.util.Map.of("keys.activation-delay", text), java.util.Map.of(), java.util.Optional.empty())
                        .keys().activationDelay();
            } catch (io.tokenbooth.server.config.ConfigException e) {
                throw new io.tokenbooth.server.config.ConfigException("--delay: " + e.getMessage());
            }
        }
    }
}
