package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.api.Api;
import io.tokenbooth.server.api.JdbcApiStore;
import io.tokenbooth.server.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code tokenbooth api ...} run in-process through {@link TokenboothCli#execute} on an embedded H2 database, with
 * the results checked in the database itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiCommandTest {
    private TestDatabase db;

    @BeforeAll
    void open() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        assertThat(Cli.run("migrate", "--data", db.dataDir().toString()).exitCode()).isZero();
    }

    @AfterAll
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private Cli.Result api(String... args) {
        List<String> all = new ArrayList<>();
        all.add("api");
        all.addAll(Arrays.asList(args));
        all.add("--data");
        all.add(db.dataDir().toString());
        return Cli.run(all.toArray(String[]::new));
    }

    /** The API as stored, through a store of its own on the same data folder. */
    private Optional<Api> stored(String name) {
        try (var services = io.tokenbooth.server.app.Services.open(io.tokenbooth.server.config.ConfigLoader.load(
                db.settings(), java.util.Map.of(), Optional.empty()), "http://127.0.0.1:8080", java.time.Clock.systemUTC())) {
            return new JdbcApiStore(services.database).find(name);
        }
    }

    @Test
    void addListRemoveRoundTrip() {
        Cli.Result add = api("add", "wallet", "--audience", "http://127.0.0.1:8081", "--scope", "wallet:read",
                "--scope", "wallet:write", "--access-token-ttl", "10m");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).contains("registered API wallet").contains("http://127.0.0.1:8081")
                .contains("wallet:read wallet:write");
        Api api = stored("wallet").orElseThrow();
        assertThat(api.scopes()).containsExactly("wallet:read", "wallet:write");
        assertThat(api.accessTokenTtl()).contains(Duration.ofMinutes(10));

        Cli.Result list = api("list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().filter(l -> l.startsWith("wallet ")).findFirst()).hasValueSatisfying(row ->
                assertThat(row).contains("http://127.0.0.1:8081").contains("600s").contains("wallet:read wallet:write"));

        Cli.Result remove = api("remove", "wallet");
        assertThat(remove.exitCode()).as(remove.toString()).isZero();
        assertThat(stored("wallet")).isEmpty();
        Cli.Result again = api("remove", "wallet");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no such API: wallet");
    }

    @Test
    void addWhenInvalidOrTakenThenErrorAndNothingStored() {
        assertThat(api("add", "orders", "--audience", "https://orders.example.com", "--scope", "orders:read")
                .exitCode()).isZero();
        record Case(String why, String[] args, String message) {
        }
        for (Case c : List.of(
                new Case("name taken", new String[] {"add", "orders", "--audience", "https://x.example.com", "--scope",
                        "x:read"}, "already exists"),
                new Case("audience taken", new String[] {"add", "orders2", "--audience", "https://orders.example.com",
                        "--scope", "x:read"}, "belongs to API 'orders'"),
                new Case("scope taken", new String[] {"add", "orders3", "--audience", "https://o3.example.com",
                        "--scope", "orders:read"}, "belongs to API 'orders'"),
                new Case("relative audience", new String[] {"add", "bad", "--audience", "/api", "--scope", "b:read"},
                        "absolute URI"),
                new Case("reserved scope", new String[] {"add", "bad", "--audience", "https://b.example.com",
                        "--scope", "openid"}, "reserved"),
                new Case("bad name", new String[] {"add", "bad name", "--audience", "https://b.example.com",
                        "--scope", "b:read"}, "name must be"),
                new Case("lifetime too long", new String[] {"add", "bad", "--audience", "https://b.example.com",
                        "--scope", "b:read", "--access-token-ttl", "2d"}, "between 30 seconds and 24 hours"))) {
            Cli.Result r = api(c.args());
            assertThat(r.exitCode()).as(c.why() + ": " + r).isEqualTo(1);
            assertThat(r.err()).as(c.why()).contains(c.message());
        }
        assertThat(stored("bad")).isEmpty();
        assertThat(stored("orders2")).isEmpty();
        // Without a scope or an audience: a usage error.
        assertThat(api("add", "bad", "--audience", "https://b.example.com").exitCode()).isEqualTo(2);
        assertThat(api("add", "bad", "--scope", "b:read").exitCode()).isEqualTo(2);
    }
}
