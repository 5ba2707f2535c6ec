package io.tokenbooth.server.token.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.JdbcAccountStore;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.testing.Race;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.status.StatusIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rotation against revocation of the same family, on each database (docs/security.md, "Refresh families"): whichever
 * of the two takes the family row's lock first, no access token minted by a rotation outlives the family's revocation
 * unrevoked. Either the rotation is refused, or its access token's status bit is set when the revocation commits.
 * The interleavings are forced, not hoped for: one side is held open on a connection of its own while the other runs
 * on another thread, and the held side commits only once the other has finished or waits on a lock (seen in
 * pg_stat_activity or H2's INFORMATION_SCHEMA.SESSIONS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FamilyLockContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant IDLE = T0.plus(Duration.ofDays(14));
    private static final Instant ABSOLUTE = T0.plus(Duration.ofDays(30));
    private static final String CLIENT = "first-party";
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();
    private TestDatabase testDb;
    private Database db;
    private JdbcAccountStore accounts;
    private JdbcRefreshTokenStore refresh;
    private ExecutorService threads;

    protected abstract TestDatabase.Kind kind();

    /** The ways a family ends; every revoking path of the server goes through one of them. */
    enum Revocation {
        /** Logout, /oauth2/revoke, reuse detection, a replayed code: {@code revokeFamily}. */
        FAMILY {
            @Override
            void run(Connection c, boolean postgres, RefreshFamily f) throws SQLException {
                JdbcRefreshTokenStore.revokeFamily(c, f.id(), T0, "logout");
            }
        },
        /** {@code user revoke-sessions}, a password change: {@code revokeAllForAccount}. */
        ACCOUNT_SESSIONS {
            @Override
            void run(Connection c, boolean postgres, RefreshFamily f) throws SQLException {
                JdbcRefreshTokenStore.revokeAllForAccount(c, postgres, f.accountId(), T0, "sessions_revoked");
            }
        },
        /** The account disabled while the rotation checks {@code not a.disabled}, then its families revoked. */
        ACCOUNT_DISABLED {
            @Override
            void run(Connection c, boolean postgres, RefreshFamily f) throws SQLException {
                try (PreparedStatement ps = c.prepareStatement("update accounts set disabled = true where id = ?")) {
                    ps.setString(1, f.accountId());
                    ps.executeUpdate();
                }
                JdbcRefreshTokenStore.revokeAllForAccount(c, postgres, f.accountId(), T0, "account_disabled");
            }
        };

        abstract void run(Connection c, boolean postgres, RefreshFamily f) throws SQLException;
    }

    @BeforeAll
    void open() {
        testDb = TestDatabase.create(kind());
        TokenboothConfig config = ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty());
        db = Database.open(config.database());
        db.migrate();
        accounts = new JdbcAccountStore(db);
        refresh = new JdbcRefreshTokenStore(db);
        threads = Executors.newCachedThreadPool();
    }

    @AfterAll
    void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (db != null) {
            db.close();
        }
        if (testDb != null) {
            testDb.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Revocation.class)
    void rotateWhileRevocationUncommittedThenRefusedOrItsAccessTokenRevoked(Revocation revocation) throws Exception {
        long list = statusList();
        RefreshFamily f = family();
        String token = hash();
        refresh.createFamily(f, token, IDLE, slot(list));
        AccessTokenMinter.Slot minted = slot(list);
        CompletableFuture<RotationOutcome> rotation;
        try (Connection held = db.dataSource().getConnection()) {
            revocation.run(held, db.postgres(), f);
            rotation = CompletableFuture.supplyAsync(
                    () -> refresh.rotate(token, hash(), T0, IDLE, CLIENT, Duration.ZERO, minted), threads);
            await().atMost(Duration.ofSeconds(30)).until(() -> rotation.isDone() || someoneWaitsOnALock());
            held.commit();
        }
        RotationOutcome outcome = rotation.get(30, TimeUnit.SECONDS);
        assertRefusedOrRevoked(outcome, minted, list);
        assertThat(refresh.find(token).orElseThrow().revoked()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Revocation.class)
    void revokeWhileRotationUncommittedThenTheRotationsAccessTokenRevoked(Revocation revocation) throws Exception {
        long list = statusList();
        RefreshFamily f = family();
        String token = hash();
        String successor = hash();
        refresh.createFamily(f, token, IDLE, slot(list));
        AccessTokenMinter.Slot minted = slot(list);
        CompletableFuture<Void> revoking;
        try (Connection held = db.dataSource().getConnection()) {
            assertThat(new CurrentTokenRotation(db.postgres())
                    .rotate(held, token, successor, T0, IDLE, CLIENT, minted)).isEqualTo(f);
            revoking = CompletableFuture.runAsync(() -> db.inTransaction(c -> {
                revocation.run(c, db.postgres(), f);
                return null;
            }), threads);
            await().atMost(Duration.ofSeconds(30)).until(() -> revoking.isDone() || someoneWaitsOnALock());
            held.commit();
        }
        revoking.get(30, TimeUnit.SECONDS);
        assertThat(revoked(list)).as("the rotation's access token is revoked with its family")
                .contains(minted.status().idx());
        assertThat(refresh.find(successor).orElseThrow().revoked()).isTrue();
    }

    @Test
    void rotateAndRevokeWhenManyRaceOnOneFamilyThenNoDeadlockAndNoLiveAccessToken() throws Exception {
        long list = statusList();
        for (int round = 0; round < 12; round++) {
            RefreshFamily f = family();
            String first = hash();
            String current = hash();
            String next = hash();
            refresh.createFamily(f, first, IDLE, slot(list));
            assertThat(refresh.rotate(first, current, T0, IDLE, CLIENT, Duration.ZERO, slot(list)))
                    .isInstanceOf(RotationOutcome.Rotated.class);
            int callers = 8;
            AtomicInteger seat = new AtomicInteger();
            // Per caller: the current token (one rotates, the others retry), the spent one (reuse: the family is
            // revoked inside the rotation's transaction), a revocation of the family, of every family of the account.
            List<Minted> results = Race.of(callers, () -> {
                int i = seat.getAndIncrement();
                AccessTokenMinter.Slot s = slot(list);
                return switch (i % 4) {
                    case 0 -> new Minted(refresh.rotate(current, next, T0, IDLE, CLIENT, Duration.ofSeconds(10), s), s);
                    case 1 -> new Minted(refresh.rotate(first, current, T0, IDLE, CLIENT, Duration.ZERO, s), s);
                    case 2 -> {
                        refresh.revokeFamily(f.id(), T0, "logout");
                        yield new Minted(null, s);
                    }
                    default -> {
                        refresh.revokeAllForAccount(f.accountId(), T0, "sessions_revoked");
                        yield new Minted(null, s);
                    }
                };
            });
            assertThat(refresh.find(current).orElseThrow().revoked()).isTrue();
            List<Integer> revoked = revoked(list);
            for (Minted m : results) {
                if (m.outcome() instanceof RotationOutcome.Rotated || m.outcome() instanceof RotationOutcome.Retried) {
                    assertThat(revoked).as("round %d: %s", round, m.outcome()).contains(m.slot().status().idx());
                }
            }
        }
    }

    private record Minted(RotationOutcome outcome, AccessTokenMinter.Slot slot) {
    }

    private void assertRefusedOrRevoked(RotationOutcome outcome, AccessTokenMinter.Slot minted, long list) {
        if (outcome instanceof RotationOutcome.Rotated || outcome instanceof RotationOutcome.Retried) {
            assertThat(revoked(list)).as("%s while its family was being revoked: its access token must be revoked",
                    outcome).contains(minted.status().idx());
        } else {
            assertThat(outcome).isInstanceOf(RotationOutcome.Ended.class);
        }
    }

    /** Whether a session of this database is waiting for a lock another holds. */
    private boolean someoneWaitsOnALock() {
        String sql = db.postgres()
                ? "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
                : "select count(*) from information_schema.sessions where blocker_id is not null";
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        });
    }

    private RefreshFamily family() {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Account a = new Account(UUID.randomUUID().toString(), name, Optional.empty(), "$argon2id$x", false, T0);
        accounts.create(a, new UsernamePolicy().validate(name));
        return new RefreshFamily(UUID.randomUUID().toString(), a.id(), CLIENT, "api", T0, ABSOLUTE);
    }

    private static String hash() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    private static AccessTokenMinter.Slot slot(long list) {
        return new AccessTokenMinter.Slot(T0, T0.plusSeconds(300), new StatusIndex(list, NEXT_INDEX.getAndIncrement()));
    }

    /** A status list of its own (the flip writes only to lists that exist). */
    private long statusList() {
        long id = 2_000 + NEXT_INDEX.getAndIncrement();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into status_lists (id, window_start, created_at, "
                    + "next_index, capacity, expires_bound, version) values (?, timestamp '2026-01-01 00:00:00', "
                    + "timestamp '2026-01-01 00:00:00', 1000000, 1048576, timestamp '2027-01-01 00:00:00', 0)")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });
        return id;
    }

    private List<Integer> revoked(long list) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select idx from status_list_revocations where list_id = ?")) {
                ps.setLong(1, list);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Integer> values = new ArrayList<>();
                    while (rs.next()) {
                        values.add(rs.getInt(1));
                    }
                    return values;
                }
            }
        });
    }
}
