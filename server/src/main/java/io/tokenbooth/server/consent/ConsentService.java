package io.tokenbooth.server.consent;

import io.tokenbooth.server.client.Client;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Decides when the user must be asked to approve a client, and remembers their approval. First-party clients
 * ({@link Client#firstParty()}) never ask. Others ask the first time, whenever they request a scope not granted
 * before, and whenever the request says {@code prompt=consent} (OpenID Connect Core §3.1.2.1). Thread-safe.
 */
public final class ConsentService {
    private final ConsentStore store;
    private final Clock clock;

    public ConsentService(ConsentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public boolean required(Client client, String accountId, Collection<String> scopes, boolean promptConsent) {
        if (client.firstParty()) {
            return false;
        }
        if (promptConsent) {
            return true;
        }
        // A request for no scope at all still needs a first consent: the client learns who the user is (sub).
        Optional<Set<String>> granted = store.find(accountId, client.clientId());
        return granted.isEmpty() || !granted.get().containsAll(scopes);
    }

    /** Records that the account allowed the client these scopes, in addition to any it allowed before. */
    public void remember(Client client, String accountId, Collection<String> scopes) {
        if (!client.firstParty()) {
            store.grant(accountId, client.clientId(), scopes, clock.instant());
        }
    }
}
