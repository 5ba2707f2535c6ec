package io.tokenbooth.server.api;

import java.util.List;
import java.util.Optional;

/**
 * Storage of registered APIs. Thread-safe; each method is one transaction. Names, audiences and scopes are unique
 * across all APIs, enforced by the database, so two concurrent registrations never both take one.
 */
public interface ApiStore {

    /** Adds the API; fails with {@link ApiExistsException} when its name, audience or a scope is taken. */
    void create(Api api);

    Optional<Api> find(String name);

    /** All APIs, by name. */
    List<Api> list();

    /** Removes the API; returns whether it existed. */
    boolean delete(String name);

    /** The name, the audience or a scope is already registered. */
    final class ApiExistsException extends RuntimeException {
        public ApiExistsException() {
            super("api exists", null, false, false);
        }
    }
}
