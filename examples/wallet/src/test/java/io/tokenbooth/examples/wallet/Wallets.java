package io.tokenbooth.examples.wallet;

import io.tokenbooth.examples.wallet.testing.FakeIssuer;
import io.tokenbooth.examples.wallet.testing.InterimAuthorization;
import io.tokenbooth.examples.wallet.testing.WalletTestDatabase;

/** Starts wallets for tests: on a free port, against the fake issuer, on a test database. */
final class Wallets {
    static final String AUDIENCE = "http://127.0.0.1:8081";

    private Wallets() {
    }

    static WalletServer start(FakeIssuer issuer, WalletTestDatabase db) {
        return start(issuer, db, AUDIENCE);
    }

    static WalletServer start(FakeIssuer issuer, WalletTestDatabase db, String audience) {
        WalletSettings settings = new WalletSettings("127.0.0.1", 0, issuer.issuer(), "wallet-web", audience,
                db.dataDir(), db.jdbcUrl(), WalletSettings.DEFAULT_KEY_RETENTION);
        return WalletServer.start(settings, new InterimAuthorization(issuer, audience));
    }

    static String audience(WalletServer wallet) {
        return AUDIENCE;
    }
}
