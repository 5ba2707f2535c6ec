package io.tokenbooth.server.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientStore;
import io.tokenbooth.server.client.JdbcClientStore;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The client cache over a real H2 client store: bounded, and a sweep over more clients than it holds (or over unknown
 * ids) never empties it, so the client every request uses is read from the database only when its
 * {@value CachingClientStore#TTL_MILLIS} ms are up.
 */
class CachingClientStoreTest {
    private static final int SWEEP = 12_000;
    /** The cache stamps an entry just before its read, this test just after: a millisecond covers the difference. */
    private static final long SLACK_NANOS = 1_000_000L;

    /** Records when reads of one client id reach the real store. */
    private static final class Counting implements ClientStore {
        private final ClientStore real;
        private final String watched;
        final List<Long> watchedReadNanos = new CopyOnWriteArrayList<>();

        Counting(ClientStore real, String watched) {
            this.real = real;
            this.watched = watched;
        }

        @Override
        public Optional<Client> find(String clientId) {
            if (clientId.equals(watched)) {
                watchedReadNanos.add(System.nanoTime());
            }
            return real.find(clientId);
        }

        @Override
        public void create(Client client) {
            real.create(client);
        }

        @Override
        public List<Client> list() {
            return real.list();
        }

        @Override
        public boolean delete(String clientId) {
            return real.delete(clientId);
        }

        @Override
        public boolean updateSecretHash(String clientId, String secretHash, Instant now) {
            return real.updateSecretHash(clientId, secretHash, now);
        }
    }

    private static Client client(String id) {
        return new Client(id, id, Optional.of("hash"), AuthMethod.CLIENT_SECRET_BASIC, Optional.empty(), List.of(),
                List.of(), Set.of("client_credentials"), Set.of(), List.of(), List.of(), false, Optional.empty(),
                Optional.empty(), Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void findWhenSweptOverMoreClientsThanItHoldsThenTheBusyClientStaysCached() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             Database database = Database.open(ConfigLoader.load(db.settings(), Map.of(), Optional.empty()).database())) {
            database.migrate();
            JdbcClientStore real = new JdbcClientStore(database);
            real.create(client("busy"));
            for (int i = 0; i < SWEEP; i++) {
                real.create(client("swept-" + i));
            }
            Counting counting = new Counting(real, "busy");
            CachingClientStore cache = new CachingClientStore(counting);
            for (int i = 0; i < SWEEP; i++) {
                assertThat(cache.find("busy")).isPresent();
                assertThat(cache.find("swept-" + i)).isPresent();
                assertThat(cache.find("unknown-" + i)).isEmpty();
            }
            // Cleared or evicted, it would be read again before its time is up.
            List<Long> reads = counting.watchedReadNanos;
            for (int i = 1; i < reads.size(); i++) {
                assertThat(reads.get(i) - reads.get(i - 1)).as("read %d of the busy client", i + 1)
                        .isGreaterThanOrEqualTo(CachingClientStore.TTL_MILLIS * 1_000_000L - SLACK_NANOS);
            }
        }
    }
}
