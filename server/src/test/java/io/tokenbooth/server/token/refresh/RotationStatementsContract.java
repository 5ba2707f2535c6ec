package io.tokenbooth.server.token.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rotation's one-statement compare-and-set ({@link CurrentTokenRotation}) on each database: what it writes with
 * the spend (the successor, carrying the access token's status index), that it writes nothing when any condition
 * fails, that a failure leaves no half-written rotation, one winner under a race with access-token slots, and that
 * revoking the family flips every index it recorded, on token rows and in rows of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RotationStatementsContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant IDLE = T0.plus(Duration.ofDays(14));
    private static final String CLIENT = "first-party";
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();
    private TestDatabase testDb;
    private Database db;
    private JdbcAccountStore accounts;
    private JdbcRefreshTokenStore refresh;

    protected abstract TestDatabase.Kind kind();

    @BeforeAll
    void open() {
        testDb = TestDatabase.create(kind());
        TokenboothConfig config = ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty());
        db = Database.open(config.database());
        db.migrate();
        accounts = new JdbcAccountStore(db);
        refresh = new JdbcRefreshTokenStore(db);
    }

    @AfterAll
    void close() {
        if (db != null) {
            db.close();
        }
        if (testDb != null) {
            testDb.close();
        }
    }

    @Test
    void rotateWhenCurrentWithAccessSlotThenSuccessorAndStatusEntryWritten() {
        RefreshFamily f = family(T0.plus(Duration.ofDays(30)));
        String token = hash();
        String successor = hash();
        refresh.createFamily(f, token, IDLE);
        AccessTokenMinter.Slot slot = slot();
        assertThat(refresh.rotate(token, successor, T0, IDLE, CLIENT, Duration.ZERO, slot))
                .isEqualTo(new RotationOutcome.Rotated(f));
        assertThat(refresh.find(token).orElseThrow().spent()).isTrue();
        RefreshTokenState next = refresh.find(successor).orElseThrow();
        assertThat(next.issuedAt()).isEqualTo(T0);
        assertThat(next.idleExpiresAt()).isEqualTo(IDLE);
        assertThat(accessIndices(f.id())).containsExactly(slot.status().idx());
        assertThat(ownRows(f.id())).isZero();
    }

    @Test
    void rotateWhenSuccessorIdleBeyondAbsoluteThenCappedInTheStatement() {
        Instant absolute = T0.plus(Duration.ofDays(3));
        RefreshFamily f = family(absolute);
        String token = hash();
        String successor = hash();
        refresh.createFamily(f, token, absolute);
        assertThat(refresh.rotate(token, successor, T0, IDLE, CLIENT, Duration.ZERO, null))
                .isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(refresh.find(successor).orElseThrow().idleExpiresAt()).isEqualTo(absolute);
        assertThat(accessIndices(f.id())).isEmpty();
    }

    @Test
    void rotateWhenAnyConditionFailsThenNothingWritten() {
        RefreshFamily f = family(T0.plus(Duration.ofDays(30)));
        String token = hash();
        refresh.createFamily(f, token, IDLE);
        String successor = hash();
        // Another client, then after the idle expiry: neither spends, inserts a successor or records an index.
        assertThat(refresh.rotate(token, successor, T0, IDLE, "client-b", Duration.ZERO, slot()))
                .isInstanceOf(RotationOutcome.WrongClient.class);
        assertThat(refresh.rotate(token, successor, IDLE, IDLE.plusSeconds(60), CLIENT, Duration.ZERO, slot()))
                .isEqualTo(new RotationOutcome.Ended("expired"));
        assertThat(refresh.find(token).orElseThrow().spent()).isFalse();
        assertThat(refresh.find(successor)).isEmpty();
        assertThat(accessIndices(f.id())).isEmpty();
    }

    @Test
    void rotateWhenSuccessorInsertFailsThenPresentedTokenStaysUnspent() {
        RefreshFamily f = family(T0.plus(Duration.ofDays(30)));
        String token = hash();
        String taken = hash();
        refresh.createFamily(f, token, IDLE);
        refresh.createFamily(family(T0.plus(Duration.ofDays(30))), taken, IDLE);
        // The successor's primary key is taken: the statement fails after the spend, and the spend goes with it.
        assertThatThrownBy(() -> refresh.rotate(token, taken, T0, IDLE, CLIENT, Duration.ZERO, slot()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(refresh.find(token).orElseThrow().spent()).isFalse();
        assertThat(accessIndices(f.id())).isEmpty();
        assertThat(refresh.rotate(token, hash(), T0, IDLE, CLIENT, Duration.ZERO, slot()))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void rotateWhenManyCallersRaceWithSlotsThenOneSuccessorAndOneEntryPerMintedToken() throws Exception {
        RefreshFamily f = family(T0.plus(Duration.ofDays(30)));
        String token = hash();
        String successor = hash();
        refresh.createFamily(f, token, IDLE);
        int callers = 16;
        List<RotationOutcome> outcomes = Race.of(callers,
                () -> refresh.rotate(token, successor, T0, IDLE, CLIENT, Duration.ofSeconds(10), slot()));
        assertThat(outcomes).filteredOn(o -> o instanceof RotationOutcome.Rotated).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof RotationOutcome.Retried).hasSize(callers - 1);
        // The winner's token on its successor's row, every retry's in a row of its own: each recorded once.
        assertThat(accessIndices(f.id())).hasSize(callers).doesNotHaveDuplicates();
        assertThat(ownRows(f.id())).isEqualTo(callers - 1);
        assertThat(refresh.find(successor).orElseThrow().activeAt(T0)).isTrue();
        assertThat(tokensOf(f.id())).isEqualTo(2);
    }

    @Test
    void revokeWhenIndicesOnTokenRowsAndOwnRowsThenEveryUnexpiredOneFlips() {
        long list = statusList();
        RefreshFamily f = family(T0.plus(Duration.ofDays(30)));
        String token = hash();
        String successor = hash();
        AccessTokenMinter.Slot login = slot(list);
        AccessTokenMinter.Slot rotation = slot(list);
        AccessTokenMinter.Slot retry = slot(list);
        AccessTokenMinter.Slot expired = new AccessTokenMinter.Slot(T0, T0.plusSeconds(1), new StatusIndex(list, 999_999));
        refresh.createFamily(f, token, IDLE, login);
        refresh.rotate(token, successor, T0, IDLE, CLIENT, Duration.ofSeconds(10), rotation);
        assertThat(refresh.rotate(token, successor, T0, IDLE, CLIENT, Duration.ofSeconds(10), retry))
                .isInstanceOf(RotationOutcome.Retried.class);
        refresh.rotate(successor, hash(), T0, IDLE, CLIENT, Duration.ofSeconds(10), expired);
        assertThat(refresh.revokeFamily(f.id(), T0.plusSeconds(2), "test")).isTrue();
        assertThat(revoked(list)).containsExactlyInAnyOrder(login.status().idx(), rotation.status().idx(),
                retry.status().idx());
    }

    private RefreshFamily family(Instant absoluteExpiresAt) {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Account a = new Account(UUID.randomUUID().toString(), name, Optional.empty(), "$argon2id$x", false, T0);
        accounts.create(a, new UsernamePolicy().validate(name));
        return new RefreshFamily(UUID.randomUUID().toString(), a.id(), CLIENT, "api", T0, absoluteExpiresAt);
    }

    private static String hash() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    private static AccessTokenMinter.Slot slot() {
        return slot(1);
    }

    private static AccessTokenMinter.Slot slot(long list) {
        return new AccessTokenMinter.Slot(T0, T0.plusSeconds(300), new StatusIndex(list, NEXT_INDEX.getAndIncrement()));
    }

    /** A status list of its own for a test (the flip writes only to lists that exist). */
    private long statusList() {
        long id = 1_000 + NEXT_INDEX.getAndIncrement();
        update("insert into status_lists (id, window_start, created_at, next_index, capacity, expires_bound, version) "
                + "values (?, timestamp '2026-01-01 00:00:00', timestamp '2026-01-01 00:00:00', 1000000, 1048576, "
                + "timestamp '2027-01-01 00:00:00', 0)", String.valueOf(id));
        return id;
    }

    private void update(String sql, String... params) {
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setLong(i + 1, Long.parseLong(params[i]));
                }
                return ps.executeUpdate();
            }
        });
    }

    private List<Integer> revoked(long list) {
        return ints("select idx from status_list_revocations where list_id = ?", String.valueOf(list), true);
    }

    /** Every access-token index recorded for the family: on its tokens' rows and in rows of their own. */
    private List<Integer> accessIndices(String familyId) {
        List<Integer> all = new java.util.ArrayList<>(ints("select access_idx from refresh_tokens where family_id = ? "
                + "and access_idx is not null", familyId, false));
        all.addAll(ints("select idx from refresh_family_statuses where family_id = ?", familyId, false));
        return all;
    }

    private long ownRows(String familyId) {
        return ints("select idx from refresh_family_statuses where family_id = ?", familyId, false).size();
    }

    private List<Integer> ints(String sql, String param, boolean numeric) {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement(sql)) {
                if (numeric) {
                    ps.setLong(1, Long.parseLong(param));
                } else {
                    ps.setString(1, param);
                }
                try (var rs = ps.executeQuery()) {
                    List<Integer> values = new java.util.ArrayList<>();
                    while (rs.next()) {
                        values.add(rs.getInt(1));
                    }
                    return values;
                }
            }
        });
    }

    private long tokensOf(String familyId) {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("select count(*) from refresh_tokens where family_id = ?")) {
                ps.setString(1, familyId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
