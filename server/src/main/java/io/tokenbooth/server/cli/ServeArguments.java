package io.tokenbooth.server.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of a plain {@code serve}, read without picocli, so that a server's start does not load and reflect
 * over picocli's model (its classes are Java 5 bytecode, which the JDK's ahead-of-time cache leaves out: ~170 classes
 * read from the jar and verified at every start, plus the reflection; docs/performance.md, "Issue 11, night").
 *
 * <p>Only the forms whose meaning is certain are read here: {@code serve} followed by {@code --port}, {@code --data},
 * {@code --db}, {@code --issuer} and {@code --config}, each at most once, as {@code --name value} or
 * {@code --name=value}, with a value that is not empty and starts with neither {@code -} nor {@code @}, and a port of
 * digits only. Anything else (help, version, an unknown or repeated option, a missing value, an argument file) is
 * left to picocli, which parses, answers and fails exactly as before; {@code ServeArgumentsTest} holds every accepted
 * form to picocli's own reading of it.
 */
final class ServeArguments {
    private static final Set<String> NAMES = Set.of("--port", "--data", "--db", "--issuer", "--config");
    /** Nine digits at most: always an {@code int}; a longer port is picocli's to refuse. */
    private static final int MAX_PORT_DIGITS = 9;

    private ServeArguments() {
    }

    /** The options of {@code args} when they are a plain {@code serve}; empty when picocli must decide. */
    static Optional<CommonOptions> read(String... args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return Optional.empty();
        }
        CommonOptions options = new CommonOptions();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (!NAMES.contains(name) || !seen.add(name) || !plainValue(value)) {
                return Optional.empty();
            }
            switch (name) {
                case "--port" -> {
                    if (!digits(value)) {
                        return Optional.empty();
                    }
                    options.port = Integer.parseInt(value);
                }
                case "--data" -> options.data = value;
                case "--db" -> options.db = value;
                case "--issuer" -> options.issuer = value;
                default -> options.config = Path.of(value);
            }
        }
        return Optional.of(options);
    }

    private static boolean digits(String value) {
        if (value.length() > MAX_PORT_DIGITS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean plainValue(String value) {
        return !value.isEmpty() && !value.startsWith("-") && !value.startsWith("@");
    }
}
