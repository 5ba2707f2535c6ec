package io.tokenbooth.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/**
 * Two nodes starting at once on one fresh database end with one unretired key per algorithm (issue 6): the database
 * refuses a second, and the node that loses the race signs with the winner's key. Run on H2 and PostgreSQL.
 */
abstract class FirstStartKeyRaceContract {
    private static final List<String> ALGORITHMS = List.of("ES256", "RS256");
    private static final int ROUNDS = 10;

    protected abstract TestDatabase.Kind kind();

    @Test
    void startWhenTwoNodesRaceOnAFreshDatabaseThenOneUnretiredKeyPerAlgorithmAndBothSignWithIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                raceOnce(pool, round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void insertWhenAnUnretiredKeyOfTheAlgorithmExistsThenTheDatabaseRefusesASecond() throws Exception {
        try (TestDatabase testDb = TestDatabase.create(kind())) {
            TokenboothConfig config = ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty());
            try (Database db = Database.open(config.database())) {
                db.migrate();
                Instant now = Instant.now();
                new JdbcSigningKeyStore(db).insertIfNoneActive(
                        new StoredKey("kid-one", "ES256", "{}", "sealed", now, now, null));
                // Whoever writes, and however it is written: the schema holds the rule, not a check before the insert.
                assertThatThrownBy(() -> db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("insert into signing_keys (kid, alg, public_jwk, "
                            + "private_jwk_enc, created_at, activates_at) values ('kid-two', 'ES256', '{}', 's', ?, ?)")) {
                        ps.setTimestamp(1, Timestamp.from(now));
                        ps.setTimestamp(2, Timestamp.from(now));
                        return ps.executeUpdate();
                    }
                })).hasCauseInstanceOf(SQLException.class);
                assertThat(new JdbcSigningKeyStore(db).insertIfNoneActive(
                        new StoredKey("kid-three", "ES256", "{}", "sealed", now, now, null))).isFalse();
                assertThat(new JdbcSigningKeyStore(db).all()).extracting(StoredKey::kid).containsExactly("kid-one");
            }
        }
    }

    @Test
    void migrateWhenTheDatabaseAlreadyLostTheRaceThenKeepsTheKeySignedWithAndRetiresTheOther() throws Exception {
        try (TestDatabase testDb = TestDatabase.create(kind())) {
            TokenboothConfig config = ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty());
            try (Database db = Database.open(config.database())) {
                String user = kind() == TestDatabase.Kind.H2 ? "sa" : null;
                org.flywaydb.core.Flyway.configure().dataSource(Database.jdbcUrl(config.database()), user, null)
                        .locations("classpath:db/migration").target("4").load().migrate();
                Instant t = Instant.parse("2026-01-01T00:00:00Z");
                db.inTransaction(c -> {
                    for (String kid : List.of("kid-a", "kid-b")) { // what two racing nodes left before V5
                        try (PreparedStatement ps = c.prepareStatement("insert into signing_keys (kid, alg, public_jwk, "
                                + "private_jwk_enc, created_at, activates_at) values (?, 'ES256', '{}', 's', ?, ?)")) {
                            ps.setString(1, kid);
                            ps.setTimestamp(2, Timestamp.from(t));
                            ps.setTimestamp(3, Timestamp.from(t));
                            ps.executeUpdate();
                        }
                    }
                    return null;
                });
                db.migrate();
                Map<String, Instant> retired = new java.util.HashMap<>();
                new JdbcSigningKeyStore(db).all().forEach(k -> retired.put(k.kid(), k.retiredAt()));
                // KeyRing signed with kid-b (same activation, higher kid); kid-a stays published until its tokens expire.
                assertThat(retired).containsEntry("kid-b", null).containsEntry("kid-a", t);
            }
        }
    }

    private void raceOnce(ExecutorService pool, int round) throws Exception {
        try (TestDatabase testDb = TestDatabase.create(kind())) {
            TokenboothConfig config = ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty());
            try (Database dbA = Database.open(config.database()); Database dbB = Database.open(config.database())) {
                dbA.migrate();
                MasterKey master = MasterKey.load(config.database());
                KeyService a = node(dbA, master);
                KeyService b = node(dbB, master);
                try {
                    CyclicBarrier barrier = new CyclicBarrier(2);
                    Future<?> startA = pool.submit(() -> startAfter(barrier, a));
                    Future<?> startB = pool.submit(() -> startAfter(barrier, b));
                    startA.get();
                    startB.get(); // the loser starts without an error

                    Map<String, List<String>> unretired = new JdbcSigningKeyStore(dbA).all().stream()
                            .filter(k -> k.retiredAt() == null)
                            .collect(Collectors.groupingBy(StoredKey::alg,
                                    Collectors.mapping(StoredKey::kid, Collectors.toList())));
                    for (String alg : ALGORITHMS) {
                        assertThat(unretired.get(alg)).as("round %d, %s", round, alg).hasSize(1);
                        String kid = unretired.get(alg).get(0);
                        assertThat(signingKid(a, alg)).as("round %d, node A %s", round, alg).isEqualTo(kid);
                        assertThat(signingKid(b, alg)).as("round %d, node B %s", round, alg).isEqualTo(kid);
                        assertVerifies(sign(a, alg), b);
                        assertVerifies(sign(b, alg), a);
                    }
                } finally {
                    a.close();
                    b.close();
                }
            }
        }
    }

    private static KeyService node(Database db, MasterKey master) {
        return new KeyService(new JdbcSigningKeyStore(db), master, Clock.systemUTC(), () -> Duration.ofHours(1));
    }

    private static Void startAfter(CyclicBarrier barrier, KeyService node) throws Exception {
        barrier.await();
        node.start(ALGORITHMS, Duration.ofHours(1), Duration.ofHours(1));
        return null;
    }

    private static String signingKid(KeyService node, String alg) {
        return node.ring().signingKey(alg, Instant.now()).orElseThrow().kid();
    }

    private static String sign(KeyService node, String alg) {
        SigningKey key = node.ring().signingKey(alg, Instant.now()).orElseThrow();
        return key.sign(JOSEObjectType.JWT, new JWTClaimsSet.Builder().subject("race").build());
    }

    private static void assertVerifies(String jws, KeyService verifier) throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(new String(verifier.ring().jwksJson(), java.nio.charset.StandardCharsets.UTF_8));
        JsonWebSignature signature = new JsonWebSignature();
        signature.setCompactSerialization(jws);
        signature.setKey(new VerificationJwkSelector().select(signature, jwks.getJsonWebKeys()).getKey());
        assertThat(signature.verifySignature()).isTrue();
    }
}
