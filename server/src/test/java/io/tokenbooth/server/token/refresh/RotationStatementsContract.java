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
 * the spend (successor, status entry), that it writes nothing when any condition fails, that a failure leaves no
 * half-written rotation, and one winner under a race with access-token slots.
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
        assertThat(statusEntries(f.id())).containsExactly(slot.status().idx());
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
        assertThat(statusEntries(f.id())).isEmpty();
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
        assertThat(statusEntries(f.id())).isEmpty();
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
        assertThat(statusEntries(f.id())).isEmpty();
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
        // The winner's token and every retry's: each minted access token recorded once, none twice.
        assertThat(statusEntries(f.id())).hasSize(callers).doesNotHaveDuplicates();
        assertThat(refresh.find(successor).orElseThrow().activeAt(T0)).isTrue();
        assertThat(tokensOf(f.id())).isEqualTo(2);
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
        return new AccessTokenMinter.Slot(T0, T0.plusSeconds(300), new StatusIndex(1, NEXT_INDEX.getAndIncrement()));
    }

    private List<Integer> statusEntries(String familyId) {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("select idx from refresh_family_statuses where family_id = ? order by idx")) {
                ps.setString(1, familyId);
                try (var rs = ps.executeQuery()) {
                    List<Integer> idx = new java.util.ArrayList<>();
                    while (rs.next()) {
                        idx.add(rs.getInt(1));
                    }
                    return idx;
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
