package io.tokenbooth.examples.wallet.ledger;

/**
 * The answer to a movement: what happened, the balance then, the entry appended (only when money moved), and
 * whether this is the stored answer to an earlier request with the same Idempotency-Key. Immutable.
 */
public record Receipt(Outcome outcome, long balance, Entry entry, boolean replayed) {

    /** What became of a movement. The first three are final and remembered under the Idempotency-Key. */
    public enum Outcome {
        /** Appended to the ledger. */
        MOVED,
        /** Refused: the balance does not cover it (nothing appended). */
        INSUFFICIENT_FUNDS,
        /** Refused: the balance would pass {@link Movement#MAX_BALANCE}. */
        BALANCE_LIMIT,
        /** Refused: the Idempotency-Key was used before for a different request (never remembered). */
        KEY_REUSED
    }
}
