package io.tokenbooth.examples.wallet.ledger;

/** The database did not answer, or kept conflicting: the request may be retried (with the same Idempotency-Key). */
public final class LedgerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
