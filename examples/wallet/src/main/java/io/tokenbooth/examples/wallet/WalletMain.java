package io.tokenbooth.examples.wallet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code examples/wallet/run}: the wallet's command line. */
@Command(name = "wallet", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The Tokenbooth wallet example: a money API and its browser app, protected by Tokenbooth tokens.")
public final class WalletMain implements Callable<Integer> {
    @Option(names = "--issuer", required = true, description = "Tokenbooth's issuer URL, e.g. http://127.0.0.1:8080")
    String issuer;
    @Option(names = "--port", defaultValue = "8081", description = "port (default ${DEFAULT-VALUE}; 0 picks one)")
    int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--audience", description = "this API's resource indicator (default http://127.0.0.1:<port>)")
    String audience;
    @Option(names = "--client-id", defaultValue = "wallet-web", description = "the browser app's client id (default ${DEFAULT-VALUE})")
    String clientId;
    @Option(names = "--post-logout-redirect-uri", paramLabel = "URL", description = "where Tokenbooth sends the "
            + "browser after logging out of the app; register it on the client (default http://127.0.0.1:<port>/)")
    String postLogoutRedirectUri;
    @Option(names = "--data", defaultValue = "./wallet-data", description = "folder of the embedded H2 database (default ${DEFAULT-VALUE})")
    Path data;
    @Option(names = "--db", description = "a JDBC URL (PostgreSQL) instead of the embedded database")
    String db;
    @Option(names = "--status-poll", defaultValue = "1s", converter = DurationConverter.class,
            description = "how often status lists are polled (default ${DEFAULT-VALUE})")
    Duration statusPoll;
    @Option(names = "--max-status-staleness", defaultValue = "30s", converter = DurationConverter.class,
            description = "refuse tokens when status data is older than this (default ${DEFAULT-VALUE})")
    Duration maxStaleness;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WalletMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String aud = audience != null ? audience : "http://127.0.0.1:" + port;
        WalletServer server;
        try {
            WalletSettings settings = WalletSettings.of(host, port, issuer, clientId, aud, data,
                    Optional.ofNullable(db)).withStatus(statusPoll, maxStaleness)
                    .withPostLogoutRedirectUri(Optional.ofNullable(postLogoutRedirectUri));
            server = WalletServer.start(settings);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            // A bad option, or the issuer's discovery document cannot be read (is Tokenbooth running?).
            System.err.println("wallet: " + e.getMessage() + (e instanceof java.io.UncheckedIOException
                    ? " (is Tokenbooth running at --issuer?)" : ""));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("wallet: serving http://" + host + ":" + server.port() + " (audience " + aud
                + ", issuer " + issuer + ")");
        stopped.await();
        return 0;
    }

    /** {@code 500ms}, {@code 1s}, {@code 2m}, or an ISO-8601 duration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("p")) {
                return Duration.parse(value);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new CommandLine.TypeConversionException("not a duration: " + value);
            };
        }
    }
}
