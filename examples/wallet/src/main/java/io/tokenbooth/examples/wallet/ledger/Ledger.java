package io.tokenbooth.examples.wallet.ledger;

/**
 * The wallets and their append-only ledger. The owner is always the verified token's subject: nothing else names a
 * wallet. Implementations are thread-safe and keep their guarantees across processes sharing one database.
 */
public interface Ledger {
    /** The newest entries kept in a {@link WalletView}. */
    int MAX_ENTRIES = 50;

    /** The owner's balance and newest {@code limit} entries (0 and none for a wallet never used). Writes nothing. */
    WalletView view(String owner, int limit);

    /**
     * Applies {@code movement} to the owner's wallet at most once per {@code key}: atomically checks the balance,
     * appends the entry and records the key with the outcome. A later (or concurrent) call with the same key and the
     * same movement gets the first outcome, {@link Receipt#replayed() replayed}, and moves nothing; with another
     * movement it gets {@link Receipt.Outcome#KEY_REUSED}. The balance never goes below zero.
     */
    Receipt move(String owner, IdempotencyKey key, Movement movement);

    /** Forgets keys recorded before {@code cutoff}; returns how many. The ledger itself is never pruned. */
    int forgetKeysBefore(java.time.Instant cutoff);
}
