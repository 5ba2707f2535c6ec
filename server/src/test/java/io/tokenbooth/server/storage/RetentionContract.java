package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Expired rows go, live rows stay, on each database. */
abstract class RetentionContract {
    /** The server on the subclass's database kind, registered there as a static {@code @RegisterExtension}. */
    private final RunningServer app;

    RetentionContract(RunningServer app) {
        this.app = app;
    }

    private Database database() {
        return app.server().tokenbooth().services().database;
    }

    private void throttleRow(String key, Instant updated, Instant lockedUntil) {
        database().inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "insert into login_throttle (username_key, failures, locked_until, updated_at) values (?, 3, ?, ?)")) {
                ps.setString(1, key);
                Sql.setInstant(ps, 2, lockedUntil);
                Sql.setInstant(ps, 3, updated);
                return ps.executeUpdate();
            }
        });
    }

    private void sourceRow(String key, Instant updated, Instant lockedUntil, Instant knownUntil) {
        database().inTransaction(c -> {
            try (var ps = c.prepareStatement("insert into login_sources (username_key, source, failures, locked_until,"
                    + " known_until, updated_at) values (?, '198.51.100.1', 3, ?, ?, ?)")) {
                ps.setString(1, key);
                Sql.setInstant(ps, 2, lockedUntil);
                Sql.setInstant(ps, 3, knownUntil);
                Sql.setInstant(ps, 4, updated);
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void purgeWhenSourceCountersStaleThenDeletedUnlessStillLockingOrKnown() {
        Instant now = app.server().clock.instant();
        Instant old = now.minus(Duration.ofDays(3));
        String stale = "stale-" + UUID.randomUUID();
        String locked = "locked-" + UUID.randomUUID();
        String known = "known-" + UUID.randomUUID();
        sourceRow(stale, old, null, old);
        sourceRow(locked, old, now.plus(Duration.ofDays(3)), null);
        sourceRow(known, old, null, now.plus(Duration.ofDays(20)));

        Map<String, Integer> deleted = new Retention(database()).purge(now);

        assertThat(deleted.get("login_sources")).isGreaterThanOrEqualTo(1);
        assertThat(count("login_sources", "username_key = ?", stale)).isZero();
        assertThat(count("login_sources", "username_key = ?", locked)).isOne();
        assertThat(count("login_sources", "username_key = ?", known)).isOne();
    }

    private int count(String table, String where, String key) {
        return database().inTransaction(c -> {
            try (var ps = c.prepareStatement("select count(*) from " + table + " where " + where)) {
                ps.setString(1, key);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void purgeWhenRowsPastTheirUseThenDeletedAndLiveRowsKept() {
        // A refresh family past its absolute lifetime (plus the margin) and one still live.
        String oldUser = "old_" + UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(oldUser, "correct horse battery staple");
        String refresh = app.server().login(oldUser, "correct horse battery staple").text("refresh_token");
        app.server().clock.advance(Duration.ofDays(32));
        String newUser = "new_" + UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(newUser, "correct horse battery staple");
        String liveRefresh = app.server().login(newUser, "correct horse battery staple").text("refresh_token");

        Instant now = app.server().clock.instant();
        String stale = "stale-" + UUID.randomUUID();
        String live = "live-" + UUID.randomUUID();
        String locked = "locked-" + UUID.randomUUID();
        throttleRow(stale, now.minus(Duration.ofDays(3)), null);
        throttleRow(live, now.minus(Duration.ofHours(1)), null);
        throttleRow(locked, now.minus(Duration.ofDays(3)), now.plus(Duration.ofDays(3)));

        Map<String, Integer> deleted = new Retention(database()).purge(app.server().clock.instant());

        assertThat(deleted.get("login_throttle")).isGreaterThanOrEqualTo(1);
        assertThat(count("login_throttle", "username_key = ?", stale)).isZero();
        assertThat(count("login_throttle", "username_key = ?", live)).isOne();
        assertThat(count("login_throttle", "username_key = ?", locked)).isOne();
        assertThat(deleted.get("refresh_families")).isGreaterThanOrEqualTo(1);
        assertThat(count("refresh_tokens", "token_hash = ?", io.tokenbooth.server.token.OpaqueTokens.hash(refresh))).isZero();
        assertThat(app.server().refresh(liveRefresh).status()).isEqualTo(200);
    }
}
