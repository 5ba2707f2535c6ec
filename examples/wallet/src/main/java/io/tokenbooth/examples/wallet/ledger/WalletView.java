package io.tokenbooth.examples.wallet.ledger;

import java.util.List;

/** A wallet as its owner sees it: the balance and the newest entries, newest first. Immutable. */
public record WalletView(long balance, List<Entry> entries) {
    public WalletView {
        entries = List.copyOf(entries);
    }
}
