package io.tokenbooth.server.storage;

/** The database cannot be reached or did not answer in time. Mapped to 503 with Retry-After. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
