package io.tokenbooth.examples.wallet.ledger;

import io.tokenbooth.examples.wallet.storage.WalletDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ledger on H2 or PostgreSQL with plain JDBC. A movement is one transaction: lock the owner's wallet row
 * ({@code SELECT … FOR UPDATE}), look up the Idempotency-Key, read the balance from the newest entry, append the next
 * entry with the balance after it, advance the wallet's pointer, record the key with the outcome. The row lock
 * serializes one owner's movements across threads and processes, so two requests with the same key (which share an
 * owner) are answered one after the other and the second finds the first's record; the primary keys on
 * {@code (owner, seq)} and {@code (owner, idem_key)} are the backstop if anything else got through. Thread-safe.
 */
public final class JdbcLedger implements Ledger {
    private static final int ATTEMPTS = 3;
    private final WalletDatabase db;
    private final Clock clock;

    public JdbcLedger(WalletDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public WalletView view(String owner, int limit) {
        try {
            return db.inTransaction(c -> {
                List<Entry> entries = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select seq, kind, amount, merchant, balance_after,"
                        + " created_at from wallet_entries where owner = ? order by seq desc limit ?")) {
                    ps.setString(1, owner);
                    ps.setInt(2, Math.max(0, Math.min(limit, MAX_ENTRIES)));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            entries.add(entry(rs));
                        }
                    }
                }
                long balance = entries.isEmpty() ? balance(c, owner, lastSeq(c, owner, false).orElse(0L))
                        : entries.get(0).balanceAfter();
                return new WalletView(balance, entries);
            });
        } catch (SQLException e) {
            throw new LedgerUnavailableException("the wallet could not be read", e);
        }
    }

    @Override
    public Receipt move(String owner, IdempotencyKey key, Movement movement) {
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Optional<Receipt> done = db.inTransaction(c -> moveLocked(c, owner, key, movement));
                if (done.isPresent()) {
                    return done.get();
                }
                createWallet(owner);
            } catch (SQLException e) {
                // A unique violation means another transaction got there first (a new wallet, or the same key
                // through a path the lock did not cover): the next attempt reads what it wrote.
                if (!isUniqueViolation(e)) {
                    throw new LedgerUnavailableException("the movement could not be recorded", e);
                }
                last = e;
            }
        }
        throw new LedgerUnavailableException("the movement kept conflicting", last);
    }

    /** The movement under the wallet's row lock; empty when the owner has no wallet row yet. */
    private Optional<Receipt> moveLocked(Connection c, String owner, IdempotencyKey key, Movement movement)
            throws SQLException {
        Optional<Long> locked = lastSeq(c, owner, true);
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        long seq = locked.get();
        String fingerprint = movement.fingerprint();
        Optional<Receipt> earlier = recorded(c, owner, key, fingerprint);
        if (earlier.isPresent()) {
            return earlier;
        }
        long balance = balance(c, owner, seq);
        long after = balance + movement.kind().signed(movement.amount());
        Receipt receipt;
        if (after < 0) {
            receipt = new Receipt(Receipt.Outcome.INSUFFICIENT_FUNDS, balance, null, false);
        } else if (after > Movement.MAX_BALANCE) {
            receipt = new Receipt(Receipt.Outcome.BALANCE_LIMIT, balance, null, false);
        } else {
            Entry entry = new Entry(seq + 1, movement.kind(), movement.amount(), movement.merchant(), after,
                    clock.instant().truncatedTo(ChronoUnit.MICROS));
            append(c, owner, entry);
            receipt = new Receipt(Receipt.Outcome.MOVED, after, entry, false);
        }
        remember(c, owner, key, fingerprint, receipt);
        return Optional.of(receipt);
    }

    private static Optional<Long> lastSeq(Connection c, String owner, boolean lock) throws SQLException {
        String sql = "select last_seq from wallets where owner = ?" + (lock ? " for update" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The balance: that after entry {@code seq}, the newest (0 before the first). */
    private static long balance(Connection c, String owner, long seq) throws SQLException {
        if (seq == 0) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select balance_after from wallet_entries where owner = ? and seq = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("wallet points at a missing ledger entry", "XX001");
                }
                return rs.getLong(1);
            }
        }
    }

    private static void append(Connection c, String owner, Entry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into wallet_entries (owner, seq, kind, amount, merchant,"
                + " balance_after, created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, owner);
            ps.setLong(2, e.seq());
            ps.setString(3, e.kind().wire());
            ps.setLong(4, e.amount());
            ps.setString(5, e.merchant());
            ps.setLong(6, e.balanceAfter());
            ps.setObject(7, LocalDateTime.ofInstant(e.at(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("update wallets set last_seq = ? where owner = ?")) {
            ps.setLong(1, e.seq());
            ps.setString(2, owner);
            ps.executeUpdate();
        }
    }

    /** The stored answer for {@code key}, replayed, or KEY_REUSED when it was recorded for another request. */
    private static Optional<Receipt> recorded(Connection c, String owner, IdempotencyKey key, String fingerprint)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select k.request_hash, k.outcome, k.balance, e.seq, e.kind,"
                + " e.amount, e.merchant, e.balance_after, e.created_at from idempotency_keys k left join"
                + " wallet_entries e on e.owner = k.owner and e.seq = k.entry_seq where k.owner = ? and k.idem_key = ?")) {
            ps.setString(1, owner);
            ps.setString(2, key.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!rs.getString("request_hash").equals(fingerprint)) {
                    return Optional.of(new Receipt(Receipt.Outcome.KEY_REUSED, 0, null, false));
                }
                Receipt.Outcome outcome = Receipt.Outcome.valueOf(rs.getString("outcome"));
                Entry entry = outcome == Receipt.Outcome.MOVED ? entry(rs) : null;
                return Optional.of(new Receipt(outcome, rs.getLong("balance"), entry, true));
            }
        }
    }

    private void remember(Connection c, String owner, IdempotencyKey key, String fingerprint, Receipt r)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into idempotency_keys (owner, idem_key, request_hash,"
                + " outcome, entry_seq, balance, created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, owner);
            ps.setString(2, key.value());
            ps.setString(3, fingerprint);
            ps.setString(4, r.outcome().name());
            ps.setObject(5, r.entry() == null ? null : r.entry().seq(), java.sql.Types.BIGINT);
            ps.setLong(6, r.balance());
            ps.setObject(7, utc(clock.instant()));
            ps.executeUpdate();
        }
    }

    /** Creates the owner's empty wallet in a transaction of its own; a concurrent creator winning is fine. */
    private void createWallet(String owner) throws SQLException {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into wallets (owner, last_seq, created_at) values (?, 0, ?)")) {
                    ps.setString(1, owner);
                    ps.setObject(2, utc(clock.instant()));
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    @Override
    public int forgetKeysBefore(Instant cutoff) {
        try {
            return db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("delete from idempotency_keys where created_at < ?")) {
                    ps.setObject(1, utc(cutoff));
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new LedgerUnavailableException("old idempotency keys could not be forgotten", e);
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("seq"), MovementKind.ofWire(rs.getString("kind")), rs.getLong("amount"),
                rs.getString("merchant"), rs.getLong("balance_after"),
                rs.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC));
    }

    private static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static boolean isUniqueViolation(SQLException e) {
        // 23505: unique_violation in PostgreSQL and H2.
        return "23505".equals(e.getSQLState());
    }
}
