package io.tokenbooth.examples.wallet.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request to move money, already validated: a kind, a positive amount in minor units (won: KRW has no minor unit
 * in use, so 1 is one won) at most {@link #MAX_AMOUNT}, and for a payment the merchant. Immutable.
 */
public record Movement(MovementKind kind, long amount, String merchant) {
    /** The largest amount one movement may carry: one trillion. */
    public static final long MAX_AMOUNT = 1_000_000_000_000L;
    /** The largest balance a wallet may hold: a deposit past it is refused. */
    public static final long MAX_BALANCE = 100_000_000_000_000L;
    /** The longest merchant name, in characters. */
    public static final int MAX_MERCHANT = 100;

    public Movement {
        if (amount < 1 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("amount out of range");
        }
        if ((kind == MovementKind.PAYMENT) != (merchant != null)) {
            throw new IllegalArgumentException("a payment, and only a payment, names a merchant");
        }
    }

    /**
     * The request's fingerprint for Idempotency-Key checks: SHA-256 over its canonical form, so the same request
     * sent with other whitespace or key order is the same request, and one to another endpoint is not.
     */
    public String fingerprint() {
        String canonical = kind.wire() + "\n" + amount + "\n" + (merchant == null ? "" : merchant);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
