package io.tokenbooth.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.testing.Race;
import io.tokenbooth.server.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What {@link ApiStore} documents, on each database (H2 and PostgreSQL subclasses). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private TestDatabase testDb;
    private Database db;
    private ApiStore store;

    protected abstract TestDatabase.Kind kind();

    @BeforeAll
    void open() {
        testDb = TestDatabase.create(kind());
        db = Database.open(ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty()).database());
        db.migrate();
        store = new JdbcApiStore(db);
    }

    @AfterAll
    void close() {
        db.close();
        testDb.close();
    }

    private static Api api(String name, String audience, String... scopes) {
        return new Api(name, audience, List.of(scopes), Optional.empty(), T0);
    }

    @Test
    void createThenFindAndListKeepScopesInOrderAndTheLifetime() {
        store.create(new Api("orders", "https://orders.example.com", List.of("orders:write", "orders:read"),
                Optional.of(Duration.ofMinutes(10)), T0));
        Api found = store.find("orders").orElseThrow();
        assertThat(found.audience()).isEqualTo("https://orders.example.com");
        assertThat(found.scopes()).containsExactly("orders:write", "orders:read");
        assertThat(found.accessTokenTtl()).contains(Duration.ofMinutes(10));
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(store.list()).extracting(Api::name).contains("orders");
        assertThat(store.find("nobody")).isEmpty();
    }

    @Test
    void createWhenNameAudienceOrScopeTakenThenRefusedAndNothingWritten() {
        store.create(api("dup", "https://dup.example.com", "dup:read"));
        assertThatThrownBy(() -> store.create(api("dup", "https://other.example.com", "other:read")))
                .isInstanceOf(ApiStore.ApiExistsException.class);
        assertThatThrownBy(() -> store.create(api("dup2", "https://dup.example.com", "dup2:read")))
                .isInstanceOf(ApiStore.ApiExistsException.class);
        assertThatThrownBy(() -> store.create(api("dup3", "https://dup3.example.com", "dup3:read", "dup:read")))
                .isInstanceOf(ApiStore.ApiExistsException.class);
        // The refused API left no row, and none of its scopes: they are free for the next one.
        assertThat(store.find("dup3")).isEmpty();
        store.create(api("dup4", "https://dup3.example.com", "dup3:read"));
        assertThat(store.find("dup4").orElseThrow().scopes()).containsExactly("dup3:read");
    }

    @Test
    void deleteRemovesTheApiAndFreesItsScopes() {
        store.create(api("gone", "https://gone.example.com", "gone:read"));
        assertThat(store.delete("gone")).isTrue();
        assertThat(store.delete("gone")).isFalse();
        assertThat(store.find("gone")).isEmpty();
        store.create(api("back", "https://gone.example.com", "gone:read"));
        assertThat(store.find("back")).isPresent();
    }

    @Test
    void createWhenRacingForOneScopeThenExactlyOneWins() throws Exception {
        AtomicInteger n = new AtomicInteger();
        List<Boolean> results = Race.of(8, () -> {
            int i = n.incrementAndGet();
            try {
                store.create(api("race" + i, "https://race" + i + ".example.com", "race:shared"));
                return true;
            } catch (ApiStore.ApiExistsException e) {
                return false;
            }
        });
        assertThat(results).containsOnlyOnce(true);
    }
}
