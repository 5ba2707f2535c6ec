package io.tokenbooth.server.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Deletes rows that can no longer matter, one rule per table: the one place where expired rows are deleted (run by
 * the server's housekeeping; no store deletes its own). Every rule keeps a day of margin past the point where a row
 * stops being usable, so that late replays are still recognised as replays. Idempotent: every node may run it.
 */
public final class Retention {
    /** How long rows are kept after they stop being usable. */
    public static final Duration MARGIN = Duration.ofDays(1);

    /** Rows one delete statement removes at most: bounds each transaction's locks, undo and time. */
    static final int BATCH = 5_000;

    private static final List<Rule> RULES = new ArrayList<>();

    static {
        // Codes live 60 s; a replay a day later is still caught as a replay.
        rule("authorization_codes", "code_hash", "expires_at < ?");
        // A family past its absolute lifetime cannot be refreshed; its tokens go with it (on delete cascade).
        rule("refresh_families", "id", "absolute_expires_at < ?");
        rule("sso_sessions", "id_hash", "expires_at < ?");
        // Revoked access tokens matter only until they would have expired anyway (plus the verifiers' clock skew, far
        // inside the margin); the deny list reloads only recent revocations, so this is what keeps the table bounded.
        rule("revoked_access_tokens", "jti", "expires_at < ?");
        // Token Status Lists: a list goes (with its bits) an hour after every token it covers has expired, so the
        // lists follow the live tokens.
        rule("status_lists", "id", "expires_bound < cast(? as timestamp) + interval '23' hour");
        // No margin: an expired token's bit no longer matters, and a family's flip scans its entries.
        rule("refresh_family_statuses", "family_id, list_id, idx",
                "expires_at < cast(? as timestamp) + interval '1' day");
        // Used private_key_jwt assertion ids; a jti whose row has expired may be used again before this runs.
        rule("client_assertion_jtis", "client_id, jti", "expires_at < ?");
        // Pending authorization requests: no margin, an expired one is refused whether its row is there or not.
        rule("pending_authorizations", "id_hash", "expires_at < cast(? as timestamp) + interval '1' day");
        // Failure counters not touched for a day and no longer locking anything.
        rule("login_throttle", "username_key", "updated_at < ? and (locked_until is null or locked_until < ?)");
        // Per-source counters likewise, once they no longer make a source known to a username either. Two rules, each
        // bounded by V11's (known_until, updated_at) index: as one (known_until null or past), a pass at a million
        // accounts walked every stale-but-known row to delete none.
        rule("login_sources", "username_key, source",
                "known_until < ? and updated_at < ? and (locked_until is null or locked_until < ?)");
        rule("login_sources", "username_key, source",
                "known_until is null and updated_at < ? and (locked_until is null or locked_until < ?)");
    }

    /**
     * One table's rule: rows matching {@code condition} (every {@code ?} is the cutoff) are past their use. A batch is
     * picked through the condition's index (V10), at most {@code batch} primary keys ({@code key}), and deleted by
     * key with the condition checked again (a row renewed meanwhile stays). Two steps rather than one
     * {@code delete ... where (key) in (select ... fetch first n rows)}: PostgreSQL plans that as a hash semi-join
     * over a sequential scan of the whole table (300 ms per batch at a million status entries, EXPLAIN ANALYZE in
     * docs/performance.md), and neither database has a portable {@code delete ... limit}.
     */
    private record Rule(String table, String key, String condition) {
        String select(int batch) {
            return "select " + key + " from " + table + " where " + condition + " fetch first " + batch + " rows only";
        }

        String delete() {
            return "delete from " + table + " where " + String.join(" = ? and ", key.split(", ")) + " = ? and ("
                    + condition + ")";
        }

        int keyColumns() {
            return key.split(", ").length;
        }
    }

    private static void rule(String table, String key, String condition) {
        RULES.add(new Rule(table, key, condition));
    }

    /**
     * Signing keys stop being usable later than their {@code retired_at}: they stay published (and their tokens
     * verifiable) for the key grace, which depends on configuration and on the clients' token lifetimes.
     */
    private static final Rule RETIRED_KEYS = new Rule("signing_keys", "kid", "retired_at < ?");

    private final Database db;
    private final Supplier<Duration> keyGrace;
    private final int batch;
    /** Where the next bounded pass starts: the rule the last one ran out of budget in, else the first (one thread). */
    private volatile int resumeAt;

    /**
     * @param keyGrace how long a retired signing key stays published: the longest lifetime of any token it may have
     *                 signed (as {@code keys.KeyService} is told)
     */
    public Retention(Database db, Supplier<Duration> keyGrace) {
        this(db, keyGrace, BATCH);
    }

    /** As above, deleting at most {@code batch} rows per statement (tests use small batches). */
    Retention(Database db, Supplier<Duration> keyGrace, int batch) {
        this.db = db;
        this.keyGrace = keyGrace;
        this.batch = batch;
    }

    /** The tables this deletes from, in the order it runs. */
    public static Set<String> tables() {
        Set<String> tables = new LinkedHashSet<>();
        RULES.forEach(rule -> tables.add(rule.table()));
        tables.add(RETIRED_KEYS.table());
        return tables;
    }

    /**
     * Deletes what is past its use at {@code now}, however long it takes; returns the rows deleted per table. One
     * transaction per batch of at most {@link #BATCH} rows, repeated until a batch comes back short.
     */
    public Map<String, Integer> purge(Instant now) {
        return purge(now, Budget.UNBOUNDED).deleted();
    }

    /**
     * How much one bounded pass may do: at most {@code batches} batches, and no new batch once {@code time} has passed
     * since the pass began (so a pass takes at most {@code time} plus one batch). A backlog larger than this is left
     * for the following passes: what housekeeping uses, so that a day of expired rows never holds a core for long.
     */
    public record Budget(int batches, Duration time) {
        static final Budget UNBOUNDED = new Budget(Integer.MAX_VALUE, Duration.ofDays(365));

        public Budget {
            if (batches < 1 || time.isNegative()) {
                throw new IllegalArgumentException("a pass needs at least one batch and a non-negative time");
            }
        }
    }

    /** What a pass deleted per table, and whether it finished every rule (false: its budget ran out first). */
    public record Pass(Map<String, Integer> deleted, boolean complete) {
    }

    /**
     * Deletes what is past its use at {@code now}, within {@code budget}. The rules run in a fixed order; a pass that
     * runs out of budget stops between batches, and the next bounded pass resumes with the rule it stopped in, so a
     * backlog in one table does not starve the tables after it. The pass that finishes the last rule is complete, and
     * the one after it starts again from the first. Every table is in the returned map, with 0 for those this pass
     * did not reach.
     */
    public Pass purge(Instant now, Budget budget) {
        Instant cutoff = now.minus(MARGIN);
        long deadline = System.nanoTime() + budget.time().toNanos();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        tables().forEach(table -> deleted.put(table, 0));
        List<Rule> all = new ArrayList<>(RULES);
        all.add(RETIRED_KEYS);
        int batches = 0;
        for (int index = budget == Budget.UNBOUNDED ? 0 : resumeAt; index < all.size(); index++) {
            Rule rule = all.get(index);
            Instant ruleCutoff = rule == RETIRED_KEYS ? cutoff.minus(keyGrace.get()) : cutoff;
            Batch last;
            do {
                if (batches >= budget.batches() || (batches > 0 && System.nanoTime() - deadline >= 0)) {
                    resumeAt = index;
                    return new Pass(deleted, false);
                }
                last = deleteBatch(rule, ruleCutoff);
                batches++;
                deleted.merge(rule.table(), last.deleted(), Integer::sum);
            } while (last.picked() >= batch);
        }
        resumeAt = 0;
        return new Pass(deleted, true);
    }

    /** One batch of {@code table}'s (first) rule at {@code now}: the rows deleted, at most the batch size. */
    int purgeBatch(String table, Instant now) {
        Rule rule = RULES.stream().filter(r -> r.table().equals(table)).findFirst().orElseThrow();
        return deleteBatch(rule, now.minus(MARGIN)).deleted();
    }

    /** Runs one batch of a rule in its own transaction, every {@code ?} of its condition bound to {@code cutoff}. */
    private Batch deleteBatch(Rule rule, Instant cutoff) {
        return db.inTransaction(c -> {
            List<Object[]> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(rule.select(batch))) {
                bindCutoff(ps, 1, rule.condition(), cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] key = new Object[rule.keyColumns()];
                        for (int i = 0; i < key.length; i++) {
                            key[i] = rs.getObject(i + 1);
                        }
                        keys.add(key);
                    }
                }
            }
            if (keys.isEmpty()) {
                return new Batch(0, 0);
            }
            try (PreparedStatement ps = c.prepareStatement(rule.delete())) {
                for (Object[] key : keys) {
                    for (int i = 0; i < key.length; i++) {
                        ps.setObject(i + 1, key[i]);
                    }
                    bindCutoff(ps, key.length + 1, rule.condition(), cutoff);
                    ps.addBatch();
                }
                int deleted = 0;
                for (int n : ps.executeBatch()) {
                    deleted += n == Statement.SUCCESS_NO_INFO ? 1 : n;
                }
                return new Batch(keys.size(), deleted);
            }
        });
    }

    /** Rows a batch picked, and of those the ones still past their use when deleted. */
    private record Batch(int picked, int deleted) {
    }

    private static void bindCutoff(PreparedStatement ps, int first, String condition, Instant cutoff)
            throws SQLException {
        int parameters = (int) condition.chars().filter(ch -> ch == '?').count();
        for (int i = 0; i < parameters; i++) {
            Sql.setInstant(ps, first + i, cutoff);
        }
    }
}
