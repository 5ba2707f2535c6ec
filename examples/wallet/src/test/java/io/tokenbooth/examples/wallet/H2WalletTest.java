package io.tokenbooth.examples.wallet;

import io.tokenbooth.examples.wallet.testing.WalletTestDatabase;

/** The wallet contract on the embedded H2 file (two wallets share it as two processes would, through AUTO_SERVER). */
class H2WalletTest extends WalletContract {
    @Override
    WalletTestDatabase database() {
        return WalletTestDatabase.h2();
    }
}
