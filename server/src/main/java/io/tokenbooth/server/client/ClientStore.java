package io.tokenbooth.server.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of registered clients. Thread-safe; each method is one transaction. */
public interface ClientStore {

    /** Adds the client; fails with {@link ClientExistsException} when the id is taken. */
    void create(Client client);

    Optional<Client> find(String clientId);

    List<Client> list();

    /** Removes the client and, by cascade, its codes and consents; returns whether it existed. */
    boolean delete(String clientId);

    /** Replaces the secret hash; returns whether the client exists. */
    boolean updateSecretHash(String clientId, String secretHash, Instant now);

    /** The client id is already registered. */
    final class ClientExistsException extends RuntimeException {
        public ClientExistsException() {
            super("client exists", null, false, false);
        }
    }
}
