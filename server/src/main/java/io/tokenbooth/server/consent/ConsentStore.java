package io.tokenbooth.server.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** Storage of remembered consents: which scopes an account granted a client. Thread-safe; one transaction each. */
public interface ConsentStore {

    /** The scopes the account has granted the client, or empty when it never consented. */
    Optional<Set<String>> find(String accountId, String clientId);

    /**
     * Adds {@code scopes} to what the account granted the client (the union with any earlier grant), atomically:
     * concurrent grants both end up in the stored set.
     */
    void grant(String accountId, String clientId, Collection<String> scopes, Instant now);

    /** Forgets the consent; returns whether there was one. */
    boolean revoke(String accountId, String clientId);
}
