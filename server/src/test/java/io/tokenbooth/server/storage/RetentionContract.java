package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.client.JdbcClientAssertionJtiStore;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.token.OpaqueTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** The server's own rules, as its housekeeping runs them. */
    private Retention retention() {
        return app.server().tokenbooth().services().retention;
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

        Map<String, Integer> deleted = retention().purge(now);

        assertThat(deleted.get("login_sources")).isGreaterThanOrEqualTo(1);
        assertThat(count("login_sources", "username_key = ?", stale)).isZero();
        assertThat(count("login_sources", "username_key = ?", locked)).isOne();
        assertThat(count("login_sources", "username_key = ?", known)).isOne();
    }

    /**
     * Issue 11: the rule runs as two through V11's (known_until, updated_at) index; between them they delete exactly
     * the rows the single rule did: stale, unlocked, and known never or no longer.
     */
    @Test
    void purgeWhenSourceRowsKnownNeverOrNoLongerThenOnlyStaleUnlockedOnesGo() {
        Instant now = app.server().clock.instant();
        Instant old = now.minus(Duration.ofDays(3));
        Instant recent = now.minus(Duration.ofHours(1));
        Map<String, Boolean> kept = new java.util.LinkedHashMap<>();
        java.util.function.BiConsumer<String, Boolean> row = (name, stays) -> kept.put(name + "-" + UUID.randomUUID(),
                stays);
        row.accept("never-known-stale", false);
        row.accept("no-longer-known-stale", false);
        row.accept("never-known-recent", true);
        row.accept("no-longer-known-recent", true);
        row.accept("known-expired-yesterday", true);
        row.accept("no-longer-known-locked", true);
        kept.keySet().forEach(key -> {
            if (key.startsWith("never-known-stale")) {
                sourceRow(key, old, null, null);
            } else if (key.startsWith("no-longer-known-stale")) {
                sourceRow(key, old, null, old);
            } else if (key.startsWith("never-known-recent")) {
                sourceRow(key, recent, null, null);
            } else if (key.startsWith("no-longer-known-recent")) {
                sourceRow(key, recent, null, old);
            } else if (key.startsWith("known-expired-yesterday")) {
                // Within the day of margin: still kept.
                sourceRow(key, old, null, now.minus(Duration.ofHours(12)));
            } else {
                sourceRow(key, old, now.plus(Duration.ofHours(1)), old);
            }
        });

        int deleted = retention().purge(now).get("login_sources");

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        kept.forEach((key, stays) -> assertThat(count("login_sources", "username_key = ?", key)).as(key)
                .isEqualTo(stays ? 1 : 0));
    }

    /**
     * Issue 11: housekeeping runs bounded passes. A backlog larger than one pass's budget is drained over several
     * passes, each deleting at most its batches' worth, and no live row goes on the way.
     */
    @Test
    void boundedPassesWhenBacklogLargerThanOneThenDrainedOverSeveralAndLiveRowsKept() {
        Instant now = app.server().clock.instant();
        Retention small = new Retention(database(), () -> Duration.ofDays(3650), 5);
        small.purge(now);
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            expired.add(UUID.randomUUID().toString());
            revokedRow(expired.get(i), now.minus(Duration.ofDays(2)));
        }
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            live.add(UUID.randomUUID().toString());
            revokedRow(live.get(i), now.minus(Duration.ofHours(1)));
        }

        Retention.Budget budget = new Retention.Budget(2, Duration.ofHours(1));
        List<Retention.Pass> passes = new ArrayList<>();
        do {
            passes.add(small.purge(now, budget));
        } while (!passes.getLast().complete() && passes.size() < 100);

        assertThat(passes.getLast().complete()).isTrue();
        assertThat(passes.size()).isGreaterThanOrEqualTo(3);
        assertThat(passes).allSatisfy(pass -> assertThat(pass.deleted().values().stream().mapToInt(n -> n).sum())
                .isLessThanOrEqualTo(2 * 5));
        assertThat(passes.stream().mapToInt(pass -> pass.deleted().get("revoked_access_tokens")).sum()).isEqualTo(23);
        assertThat(expired).allSatisfy(jti -> assertThat(rows("revoked_access_tokens", "jti", jti)).isZero());
        assertThat(live).allSatisfy(jti -> assertThat(rows("revoked_access_tokens", "jti", jti)).isOne());
    }

    /** A pass out of time starts no new batch: with no time at all, every pass is exactly one batch. */
    @Test
    void boundedPassesWhenNoTimeLeftThenEachPassRunsOneBatch() {
        Instant now = app.server().clock.instant();
        Retention small = new Retention(database(), () -> Duration.ofDays(3650), 5);
        small.purge(now);
        for (int i = 0; i < 12; i++) {
            revokedRow(UUID.randomUUID().toString(), now.minus(Duration.ofDays(2)));
        }
        String live = UUID.randomUUID().toString();
        revokedRow(live, now.minus(Duration.ofHours(1)));

        Retention.Budget none = new Retention.Budget(1_000, Duration.ZERO);
        List<Retention.Pass> passes = new ArrayList<>();
        do {
            passes.add(small.purge(now, none));
        } while (!passes.getLast().complete() && passes.size() < 100);

        assertThat(passes).allSatisfy(pass -> assertThat(pass.deleted().values().stream().mapToInt(n -> n).sum())
                .isLessThanOrEqualTo(5));
        // Every rule's last (short) batch is a batch of its own: at least one pass per rule, three for the backlog.
        assertThat(passes.size()).isGreaterThanOrEqualTo(Retention.tables().size() + 2);
        assertThat(passes.stream().mapToInt(pass -> pass.deleted().get("revoked_access_tokens")).sum()).isEqualTo(12);
        assertThat(rows("revoked_access_tokens", "jti", live)).isOne();
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

        Map<String, Integer> deleted = retention().purge(app.server().clock.instant());

        assertThat(deleted.get("login_throttle")).isGreaterThanOrEqualTo(1);
        assertThat(count("login_throttle", "username_key = ?", stale)).isZero();
        assertThat(count("login_throttle", "username_key = ?", live)).isOne();
        assertThat(count("login_throttle", "username_key = ?", locked)).isOne();
        assertThat(deleted.get("refresh_families")).isGreaterThanOrEqualTo(1);
        assertThat(count("refresh_tokens", "token_hash = ?", io.tokenbooth.server.token.OpaqueTokens.hash(refresh))).isZero();
        assertThat(app.server().refresh(liveRefresh).status()).isEqualTo(200);
    }

    private void sessionRow(String idHash, String accountId, Instant expiresAt) {
        database().inTransaction(c -> {
            try (var ps = c.prepareStatement("insert into sso_sessions (id_hash, account_id, auth_time, amr,"
                    + " last_seen_at, expires_at) values (?, ?, ?, 'pwd', ?, ?)")) {
                ps.setString(1, idHash);
                ps.setString(2, accountId);
                Sql.setInstant(ps, 3, expiresAt.minus(Duration.ofHours(10)));
                Sql.setInstant(ps, 4, expiresAt.minus(Duration.ofHours(10)));
                Sql.setInstant(ps, 5, expiresAt);
                return ps.executeUpdate();
            }
        });
    }

    private void revokedRow(String jti, Instant expiresAt) {
        database().inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "insert into revoked_access_tokens (jti, revoked_at, expires_at) values (?, ?, ?)")) {
                ps.setString(1, jti);
                Sql.setInstant(ps, 2, expiresAt.minus(Duration.ofMinutes(5)));
                Sql.setInstant(ps, 3, expiresAt);
                return ps.executeUpdate();
            }
        });
    }

    private static String unretired(io.tokenbooth.server.app.Services services, String alg) {
        return services.keys.list().stream().filter(k -> k.alg().equals(alg) && k.retiredAt() == null)
                .findFirst().orElseThrow().kid();
    }

    private int rows(String table, String column, String value) {
        return count(table, column + " = ?", value);
    }

    /** One row in each simple table, each usable until a little after {@code at}: its key column's value per table. */
    private Map<String, String> rowsUsableAt(OAuthTestKit kit, OAuthTestKit.RegisteredClient client, String account,
                                             Instant at) {
        String session = OpaqueTokens.hash(OpaqueTokens.generate());
        sessionRow(session, account, at.plus(Duration.ofHours(10)));
        String jti = UUID.randomUUID().toString();
        revokedRow(jti, at.plus(Duration.ofMinutes(10)));
        String assertion = UUID.randomUUID().toString();
        assertThat(new JdbcClientAssertionJtiStore(database()).markUsed(client.id(), assertion, at.plusSeconds(60), at))
                .isTrue();
        return Map.of("authorization_codes code_hash", OpaqueTokens.hash(kit.code(client, account).create()),
                "sso_sessions id_hash", session, "revoked_access_tokens jti", jti,
                "client_assertion_jtis jti", assertion);
    }

    /**
     * Issue 6: every periodic deletion is one of Retention's rules, run by housekeeping; no store deletes its own
     * expired rows any more. One row past its use (and the margin) and one live row in each table.
     */
    @Test
    void purgeWhenEveryTableHasRowsPastTheirUseThenEachLosesThoseAndKeepsTheLiveOnes() {
        var server = app.server();
        var services = server.tokenbooth().services();
        OAuthTestKit kit = new OAuthTestKit(server);
        var client = kit.webClient();
        String account = kit.newAccount();
        Map<String, String> old = rowsUsableAt(kit, client, account, server.clock.instant());
        String retiredKid = unretired(services, "ES256");
        String currentKid = services.keys.rotate("ES256", Duration.ZERO).kid();

        // Past every row's use, the margin and the retired key's grace; then one live row of each.
        server.clock.advance(Duration.ofDays(3));
        Instant now = server.clock.instant();
        Map<String, String> live = rowsUsableAt(kit, client, account, now);

        Map<String, Integer> deleted = retention().purge(now);

        assertThat(deleted.keySet()).containsExactlyElementsOf(Retention.tables());
        old.forEach((tableAndColumn, value) -> {
            String[] tc = tableAndColumn.split(" ");
            assertThat(deleted.get(tc[0])).as(tc[0]).isGreaterThanOrEqualTo(1);
            assertThat(rows(tc[0], tc[1], value)).as("expired row in " + tc[0]).isZero();
            assertThat(rows(tc[0], tc[1], live.get(tableAndColumn))).as("live row in " + tc[0]).isOne();
        });
        assertThat(deleted.get("signing_keys")).isGreaterThanOrEqualTo(1);
        assertThat(rows("signing_keys", "kid", retiredKid)).isZero();
        assertThat(rows("signing_keys", "kid", currentKid)).isOne();
    }

    @Test
    void purgeWhenKeyRetiredWithinItsGraceAndTheMarginThenKept() {
        var services = app.server().tokenbooth().services();
        String retiredKid = unretired(services, "RS256");
        services.keys.rotate("RS256", Duration.ZERO);
        app.server().clock.advance(Duration.ofHours(20));

        retention().purge(app.server().clock.instant());

        assertThat(rows("signing_keys", "kid", retiredKid)).isOne();
    }

    /**
     * Issue 11: a purge deletes in statements of at most a batch of rows, each picked by the rule's condition, so a
     * backlog of a million expired rows never becomes one statement holding a million row locks.
     */
    @Test
    void purgeWhenMoreExpiredRowsThanABatchThenEachStatementDeletesAtMostABatchAndOnlyExpiredRows() {
        Instant now = app.server().clock.instant();
        Retention small = new Retention(database(), () -> Duration.ofDays(3650), 5);
        small.purge(now);
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expired.add(UUID.randomUUID().toString());
            revokedRow(expired.get(i), now.minus(Duration.ofDays(2)));
        }
        String live = UUID.randomUUID().toString();
        revokedRow(live, now.minus(Duration.ofHours(1)));

        int first = small.purgeBatch("revoked_access_tokens", now);
        long leftAfterOne = expired.stream().filter(jti -> rows("revoked_access_tokens", "jti", jti) == 1).count();
        Map<String, Integer> rest = small.purge(now);

        assertThat(first).isEqualTo(5);
        assertThat(leftAfterOne).isEqualTo(7);
        assertThat(rest.get("revoked_access_tokens")).isEqualTo(7);
        assertThat(expired).allSatisfy(jti -> assertThat(rows("revoked_access_tokens", "jti", jti)).isZero());
        assertThat(rows("revoked_access_tokens", "jti", live)).isOne();
    }

    /** The composite-key rules delete by their whole key: another family's entry on the same list index stays. */
    @Test
    void purgeWhenStatusEntriesOfOneFamilyExpiredThenOnlyThoseGoInBatches() {
        var server = app.server();
        String user = "st_" + UUID.randomUUID().toString().substring(0, 8);
        server.signup(user, "correct horse battery staple");
        server.login(user, "correct horse battery staple");
        server.login(user, "correct horse battery staple");
        Instant now = server.clock.instant();
        List<String> families = families(user);
        assertThat(families).hasSize(2);
        for (int i = 0; i < 7; i++) {
            statusEntry(families.get(0), 900_000 + i, now.minus(Duration.ofHours(1)));
            statusEntry(families.get(1), 900_000 + i, now.plus(Duration.ofHours(1)));
        }

        int deleted = new Retention(database(), () -> Duration.ofDays(3650), 3).purge(now).get("refresh_family_statuses");

        assertThat(deleted).isGreaterThanOrEqualTo(7);
        assertThat(count("refresh_family_statuses", "family_id = ? and idx >= 900000", families.get(0))).isZero();
        assertThat(count("refresh_family_statuses", "family_id = ? and idx >= 900000", families.get(1))).isEqualTo(7);
    }

    private List<String> families(String username) {
        return database().inTransaction(c -> {
            try (var ps = c.prepareStatement("select f.id from refresh_families f join accounts a on a.id = f.account_id"
                    + " where a.username = ? order by f.created_at, f.id")) {
                ps.setString(1, username);
                List<String> ids = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    private void statusEntry(String familyId, int idx, Instant expiresAt) {
        database().inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "insert into refresh_family_statuses (family_id, list_id, idx, expires_at) values (?, 1, ?, ?)")) {
                ps.setString(1, familyId);
                ps.setInt(2, idx);
                Sql.setInstant(ps, 3, expiresAt);
                return ps.executeUpdate();
            }
        });
    }
}
