package io.tokenbooth.bench;

import io.tokenbooth.server.account.Username;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.account.password.PasswordHasher;
import io.tokenbooth.server.client.FirstPartyClient;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import io.tokenbooth.server.token.OpaqueTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Fills a Tokenbooth database with N live accounts and what each one's sign-in leaves behind (issue 11, scale of
 * data): the account, a known login source, a live refresh family with its current refresh token, and the status-list
 * entry of that family's access token in lists that cover them (1 % of the indices revoked). Written through the real
 * schema after Flyway migrated it, in batched JDBC inserts of {@value #BATCH} rows, one commit per batch.
 *
 * <p>Every seeded account has the SAME password hash: one Argon2id hash (the server's default parameters) of
 * {@code seed-password}, computed once, because a million hashes would take hours and the hash's value does not change
 * the rows' size or the indexes. Usernames are {@code seed-<i>}; refresh tokens are never handed out (their hashes
 * are of {@code seed-token-<i>}). Not for production data: it writes straight into the tables.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.tokenbooth.bench.SeedData --count N (--data DIR | --db JDBC_URL)}; the
 * server must not be running on an embedded database (H2 file lock). Prints the rows written and the time taken.
 */
public final class SeedData {
    private static final int BATCH = 5_000;
    private static final String SOURCE_PREFIX = "198.51.";

    private final Database db;
    private final Instant now = Instant.now();

    private SeedData(Database db) {
        this.db = db;
    }

    public static void main(String[] args) {
        Map<String, String> flags = new HashMap<>();
        int count = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--data" -> flags.put("data", args[i + 1]);
                case "--db" -> flags.put("db", args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (count < 1 || args.length % 2 != 0) {
            System.err.println("usage: SeedData --count N (--data DIR | --db JDBC_URL)");
            System.exit(2);
        }
        TokenboothConfig config = ConfigLoader.load(flags, System.getenv(), Optional.empty());
        try (Database db = Database.open(config.database())) {
            db.migrate();
            long started = System.nanoTime();
            int lists = new SeedData(db).seed(count, config.statusLists().capacity());
            System.out.printf("RESULT seeded=%d accounts, login sources, refresh families, refresh tokens and status"
                    + " entries in %d status lists; %.1f s; every account's password hash is one shared Argon2id hash%n",
                    count, lists, (System.nanoTime() - started) / 1e9);
        }
        compactEmbedded(Database.jdbcUrl(config.database()));
    }

    /**
     * H2 keeps every page a batch rewrote until it compacts: a million seeded rows left a 10 GB file for about 1.2 GB
     * of data (PostgreSQL's size for the same rows), which the server then reads through its 16 MB page cache. A
     * database that grew over months has been compacted by H2's background writer meanwhile, so the seeded one is
     * compacted once here: closed, then rewritten by H2's own MVStoreTool <em>without</em> compression. Not with
     * {@code SHUTDOWN COMPACT}: in H2 2.5 that rewrites every page LZF-compressed, which the server's own writes
     * never are (its URL sets no COMPRESS), so every page read at 1M would pay a decompression production does not
     * (docs/performance.md, "1k vs 1M on H2, night (issue 11)").
     */
    private static void compactEmbedded(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return;
        }
        long started = System.nanoTime();
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("shutdown");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close " + url + ": " + e.getMessage(), e);
        }
        String file = url.substring("jdbc:h2:file:".length(), url.indexOf(';')) + ".mv.db";
        org.h2.mvstore.MVStoreTool.compact(file, false);
        System.out.printf("RESULT compacted the H2 file (uncompressed pages) in %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    /** Writes {@code count} of each; returns the number of status lists the entries fall in. */
    private int seed(int count, int capacity) {
        String passwordHash = new PasswordHasher().hash("seed-password");
        int lists = (count + capacity - 1) / capacity;
        long firstList = insertLists(lists, count, capacity);
        UsernamePolicy policy = new UsernamePolicy();
        for (int from = 0; from < count; from += BATCH) {
            int to = Math.min(count, from + BATCH);
            int first = from;
            db.inTransaction(c -> {
                insertBatch(c, policy, passwordHash, first, to, firstList, capacity);
                return null;
            });
            if ((to / BATCH) % 20 == 0 || to == count) {
                System.err.printf("seeded %d/%d%n", to, count);
            }
        }
        return lists;
    }

    private long insertLists(int lists, int count, int capacity) {
        return db.inTransaction(c -> {
            long first = 0;
            for (int l = 0; l < lists; l++) {
                long id;
                try (var rs = c.prepareStatement(nextIdSql(c)).executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                first = l == 0 ? id : first;
                if (id != first + l) {
                    throw new IllegalStateException("status list ids not consecutive: " + id);
                }
                try (PreparedStatement ps = c.prepareStatement("insert into status_lists (id, window_start, created_at,"
                        + " next_index, capacity, expires_bound, version) values (?, ?, ?, ?, ?, ?, 1)")) {
                    ps.setLong(1, id);
                    // A past window: the server keeps allocating in lists of its own windows.
                    Sql.setInstant(ps, 2, now.minus(Duration.ofHours(2)).minus(Duration.ofMinutes(l)));
                    Sql.setInstant(ps, 3, now.minus(Duration.ofHours(2)));
                    ps.setInt(4, Math.min(capacity, count - l * capacity));
                    ps.setInt(5, capacity);
                    Sql.setInstant(ps, 6, now.plus(Duration.ofDays(1)));
                    ps.executeUpdate();
                }
            }
            return first;
        });
    }

    private static String nextIdSql(Connection c) throws SQLException {
        return c.getMetaData().getURL().startsWith("jdbc:h2:")
                ? "select next value for status_list_ids" : "select nextval('status_list_ids')";
    }

    private void insertBatch(Connection c, UsernamePolicy policy, String passwordHash, int from, int to,
                             long firstList, int capacity) throws SQLException {
        try (PreparedStatement account = c.prepareStatement("insert into accounts (id, username, username_key,"
                + " username_skeleton, password_hash, disabled, created_at, updated_at)"
                + " values (?, ?, ?, ?, ?, false, ?, ?)");
             PreparedStatement source = c.prepareStatement("insert into login_sources (username_key, source, failures,"
                     + " known_until, updated_at) values (?, ?, 0, ?, ?)");
             PreparedStatement family = c.prepareStatement("insert into refresh_families (id, account_id, client_id,"
                     + " scope, created_at, absolute_expires_at, auth_time, amr) values (?, ?, ?, 'openid', ?, ?, ?, 'pwd')");
             PreparedStatement token = c.prepareStatement("insert into refresh_tokens (token_hash, family_id,"
                     + " issued_at, idle_expires_at) values (?, ?, ?, ?)");
             PreparedStatement status = c.prepareStatement("insert into refresh_family_statuses (family_id, list_id,"
                     + " idx, expires_at) values (?, ?, ?, ?)");
             PreparedStatement revoked = c.prepareStatement(
                     "insert into status_list_revocations (list_id, idx) values (?, ?)")) {
            for (int i = from; i < to; i++) {
                // Spread over the last 30 days, as sign-ins are: expiry columns are not all one value.
                Instant at = now.minus(Duration.ofSeconds(i % 2_592_000));
                Username name = policy.validate("seed-" + i);
                String accountId = UUID.randomUUID().toString();
                String familyId = UUID.randomUUID().toString();
                account.setString(1, accountId);
                account.setString(2, name.display());
                account.setString(3, name.key());
                account.setString(4, name.skeleton());
                account.setString(5, passwordHash);
                Sql.setInstant(account, 6, at);
                Sql.setInstant(account, 7, at);
                account.addBatch();
                source.setString(1, name.key());
                source.setString(2, SOURCE_PREFIX + (i / 250 % 256) + "." + (i % 250));
                Sql.setInstant(source, 3, at.plus(Duration.ofDays(30)));
                Sql.setInstant(source, 4, at);
                source.addBatch();
                family.setString(1, familyId);
                family.setString(2, accountId);
                family.setString(3, FirstPartyClient.ID);
                Sql.setInstant(family, 4, at);
                Sql.setInstant(family, 5, at.plus(Duration.ofDays(31)));
                Sql.setInstant(family, 6, at);
                family.addBatch();
                token.setString(1, OpaqueTokens.hash("seed-token-" + i));
                token.setString(2, familyId);
                Sql.setInstant(token, 3, now.minus(Duration.ofMinutes(i % 600)));
                Sql.setInstant(token, 4, now.plus(Duration.ofDays(14)));
                token.addBatch();
                long list = firstList + i / capacity;
                status.setString(1, familyId);
                status.setLong(2, list);
                status.setInt(3, i % capacity);
                Sql.setInstant(status, 4, now.plus(Duration.ofMinutes(1 + i % 60)));
                status.addBatch();
                if (i % 100 == 0) {
                    revoked.setLong(1, list);
                    revoked.setInt(2, i % capacity);
                    revoked.addBatch();
                }
            }
            // Parents before children: the foreign keys are checked per statement.
            account.executeBatch();
            source.executeBatch();
            family.executeBatch();
            token.executeBatch();
            status.executeBatch();
            revoked.executeBatch();
        }
    }
}
