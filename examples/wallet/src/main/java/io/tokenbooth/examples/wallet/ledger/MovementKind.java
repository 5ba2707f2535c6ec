package io.tokenbooth.examples.wallet.ledger;

import java.util.Locale;

/** What a ledger entry does to the balance: a deposit adds, a withdrawal and a payment take away. */
public enum MovementKind {
    DEPOSIT(1),
    WITHDRAWAL(-1),
    PAYMENT(-1);

    private final int sign;

    MovementKind(int sign) {
        this.sign = sign;
    }

    /** The amount with this kind's sign. */
    public long signed(long amount) {
        return sign * amount;
    }

    /** The name in JSON and in the database: {@code deposit}, {@code withdrawal}, {@code payment}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MovementKind ofWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
