package io.tokenbooth.examples.wallet.browser;

import io.tokenbooth.examples.wallet.WalletServer;
import io.tokenbooth.examples.wallet.WalletSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * A real wallet as {@code examples/wallet/run} composes it (its ledger on a fresh H2 file, the verifier library reading
 * the issuer's discovery, JWKS and status lists, the browser app from the classpath) on a free loopback port.
 */
final class RunningWallet implements AutoCloseable {
    /**
     * The wallet's resource indicator. Any absolute URI works: the app reads it from {@code /config.json}; this one is
     * fixed because the wallet's port is only known once it listens.
     */
    static final String AUDIENCE = "https://wallet.tokenbooth.test";
    private final WalletServer server;

    private RunningWallet(WalletServer server) {
        this.server = server;
    }

    static RunningWallet start(String issuer, String clientId) throws IOException {
        return new RunningWallet(WalletServer.start(WalletSettings.of("127.0.0.1", 0, issuer, clientId, AUDIENCE,
                Files.createTempDirectory("wallet-browser-test-"), Optional.empty())));
    }

    String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
