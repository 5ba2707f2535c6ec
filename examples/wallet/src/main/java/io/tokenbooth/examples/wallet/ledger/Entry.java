package io.tokenbooth.examples.wallet.ledger;

import java.time.Instant;

/** One ledger line: its number in the wallet (1, 2, …), what moved, and the balance after it. Immutable. */
public record Entry(long seq, MovementKind kind, long amount, String merchant, long balanceAfter, Instant at) {
}
