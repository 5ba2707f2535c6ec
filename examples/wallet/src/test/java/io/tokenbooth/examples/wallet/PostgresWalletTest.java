package io.tokenbooth.examples.wallet;

import io.tokenbooth.examples.wallet.testing.WalletTestDatabase;

/** The wallet contract on PostgreSQL ({@code TOKENBOOTH_TEST_PG}), a fresh database for the class. */
class PostgresWalletTest extends WalletContract {
    @Override
    WalletTestDatabase database() {
        return WalletTestDatabase.postgres();
    }
}
