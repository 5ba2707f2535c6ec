package io.tokenbooth.examples.wallet;

import io.tokenbooth.examples.wallet.testing.FakeIssuer;
import io.tokenbooth.examples.wallet.testing.WalletTestDatabase;

/** Starts wallets for tests as WalletMain does (the verifier library over the issuer's discovery), on a free port. */
final class Wallets {
    static final String AUDIENCE = "http://127.0.0.1:8081";

    private Wallets() {
    }

    static WalletSettings settings(FakeIssuer issuer, WalletTestDatabase db) {
        return WalletSettings.of("127.0.0.1", 0, issuer.issuer(), "wallet-web", AUDIENCE, db.dataDir(), db.jdbcUrl());
    }

    static WalletServer start(FakeIssuer issuer, WalletTestDatabase db) {
        return WalletServer.start(settings(issuer, db));
    }
}
