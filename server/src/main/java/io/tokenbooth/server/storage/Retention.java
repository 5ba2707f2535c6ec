package io.tokenbooth.server.storage;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

    private static final Map<String, String> RULES = new LinkedHashMap<>();

    static {
        // Codes live 60 s; a replay a day later is still caught as a replay.
        RULES.put("authorization_codes", "delete from authorization_codes where expires_at < ?");
        // A family past its absolute lifetime cannot be refreshed; its tokens go with it (on delete cascade).
        RULES.put("refresh_families", "delete from refresh_families where absolute_expires_at < ?");
        RULES.put("sso_sessions", "delete from sso_sessions where expires_at < ?");
        // Revoked access tokens matter only until they would have expired anyway (plus the verifiers' clock skew, far
        // inside the margin); the deny list reloads only recent revocations, so this is what keeps the table bounded.
        RULES.put("revoked_access_tokens", "delete from revoked_access_tokens where expires_at < ?");
        // Token Status Lists: a list goes (with its bits) an hour after every token it covers has expired, so the
        // lists follow the live tokens.
        RULES.put("status_lists",
                "delete from status_lists where expires_bound < cast(? as timestamp) + interval '23' hour");
        // No margin: an expired token's bit no longer matters, and a family's flip scans its entries.
        RULES.put("refresh_family_statuses",
                "delete from refresh_family_statuses where expires_at < cast(? as timestamp) + interval '1' day");
        // Used private_key_jwt assertion ids; a jti whose row has expired may be used again before this runs.
        RULES.put("client_assertion_jtis", "delete from client_assertion_jtis where expires_at < ?");
        // Pending authorization requests: no margin, an expired one is refused whether its row is there or not.
        RULES.put("pending_authorizations",
                "delete from pending_authorizations where expires_at < cast(? as timestamp) + interval '1' day");
        // Failure counters not touched for a day and no longer locking anything.
        RULES.put("login_throttle",
                "delete from login_throttle where updated_at < ? and (locked_until is null or locked_until < ?)");
        // Per-source counters likewise, once they no longer make a source known to a username either.
        RULES.put("login_sources", "delete from login_sources where updated_at < ?"
                + " and (locked_until is null or locked_until < ?) and (known_until is null or known_until < ?)");
    }

    /**
     * Signing keys stop being usable later than their {@code retired_at}: they stay published (and their tokens
     * verifiable) for the key grace, which depends on configuration and on the clients' token lifetimes.
     */
    private static final String RETIRED_KEYS = "signing_keys";
    private static final String RETIRED_KEYS_SQL = "delete from signing_keys where retired_at < ?";

    private final Database db;
    private final Supplier<Duration> keyGrace;

    /**
     * @param keyGrace how long a retired signing key stays published: the longest lifetime of any token it may have
     *                 signed (as {@code keys.KeyService} is told)
     */
    public Retention(Database db, Supplier<Duration> keyGrace) {
        this.db = db;
        this.keyGrace = keyGrace;
    }

    /** The tables this deletes from, in the order it runs. */
    public static Set<String> tables() {
        Set<String> tables = new LinkedHashSet<>(RULES.keySet());
        tables.add(RETIRED_KEYS);
        return tables;
    }

    /** Deletes what is past its use at {@code now}; returns the rows deleted per table. One transaction per table. */
    public Map<String, Integer> purge(Instant now) {
        Instant cutoff = now.minus(MARGIN);
        Map<String, Integer> deleted = new LinkedHashMap<>();
        RULES.forEach((table, sql) -> deleted.put(table, delete(sql, cutoff)));
        deleted.put(RETIRED_KEYS, delete(RETIRED_KEYS_SQL, cutoff.minus(keyGrace.get())));
        return deleted;
    }

    /** Runs one rule in its own transaction, every {@code ?} bound to {@code cutoff}. */
    private int delete(String sql, Instant cutoff) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int parameters = (int) sql.chars().filter(ch -> ch == '?').count();
                for (int i = 1; i <= parameters; i++) {
                    Sql.setInstant(ps, i, cutoff);
                }
                return ps.executeUpdate();
            }
        });
    }
}
