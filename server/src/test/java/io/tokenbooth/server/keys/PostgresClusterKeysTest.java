package io.tokenbooth.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes (two Tokenbooth instances) on one PostgreSQL database share keys, accounts and refresh families. */
class PostgresClusterKeysTest {
    private static final String ISSUER = "https://auth.cluster.test";
    private TestDatabase db;
    private TestServer a;
    private TestServer b;

    @BeforeEach
    void start() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
        MutableClock clock = MutableClock.startingNow();
        a = TestServer.builder(db).clock(clock).set("issuer", ISSUER).start();
        b = TestServer.builder(db).clock(clock).set("issuer", ISSUER).start();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, db}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void startWhenSecondNodeJoinsThenItReusesTheFirstNodesKey() {
        assertThat(KeyRotationContract.jwksKids(b)).isEqualTo(KeyRotationContract.jwksKids(a)).isNotEmpty();
        assertThat(KeyRotationContract.jwksKids(b, "ES256")).hasSize(1);
    }

    @Test
    void startWhenNodeHasAnotherMasterKeyThenRefusesToStart() {
        String other = java.util.Base64.getEncoder().encodeToString(new byte[32]); // differs from the fixture's key
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        TestServer.builder(db).set("issuer", ISSUER).set("master-key", other).start().close())
                .isInstanceOf(MasterKey.KeyDecryptionException.class);
        // The healthy nodes are unaffected, and no key was added by the failed node.
        assertThat(KeyRotationContract.jwksKids(a, "ES256")).hasSize(1);
        a.tokenbooth().services().keys.reload();
        assertThat(KeyRotationContract.jwksKids(a, "ES256")).hasSize(1);
    }

    @Test
    void accessTokenWhenIssuedByNodeAThenAcceptedByNodeB() {
        a.signup("cluster_user", KeyRotationContract.PASSWORD);
        String access = a.login("cluster_user", KeyRotationContract.PASSWORD).text("access_token");
        TestServer.Response me = b.get("/api/v1/me", "Authorization", "Bearer " + access);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("username")).isEqualTo("cluster_user");
    }

    @Test
    void refreshWhenTokenFromNodeAPresentedToNodeBThenRotatesAndOldOneIsSpentEverywhere() {
        a.signup("cluster_refresh", KeyRotationContract.PASSWORD);
        String first = a.login("cluster_refresh", KeyRotationContract.PASSWORD).text("refresh_token");
        TestServer.Response onB = b.refresh(first);
        assertThat(onB.status()).isEqualTo(200);
        assertThat(a.get("/api/v1/me", "Authorization", "Bearer " + onB.text("access_token")).status()).isEqualTo(200);
        // A retry on node A within tokens.refresh-reuse-grace gets the successor node B issued: every node derives it
        // the same way from the spent token.
        TestServer.Response retry = a.refresh(first);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.text("refresh_token")).isEqualTo(onB.text("refresh_token"));
        // The spent token is spent for node A too: replaying it there after the grace is detected.
        a.clock.advance(Duration.ofSeconds(11));
        TestServer.Response replay = a.refresh(first);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void rotateWhenDoneOnNodeAThenNodeBPublishesAndSignsWithNewKeyAfterReload() {
        StoredKey rotated = a.tokenbooth().services().keys.rotate("ES256", Duration.ZERO);
        assertThat(KeyRotationContract.jwksKids(a)).contains(rotated.kid());
        // B serves its in-memory ring until it reloads (keys.check-interval and keys.refresh-interval; 1m and 1h in tests).
        assertThat(KeyRotationContract.jwksKids(b)).doesNotContain(rotated.kid());

        b.tokenbooth().services().keys.reload();
        assertThat(KeyRotationContract.jwksKids(b)).containsExactlyInAnyOrderElementsOf(KeyRotationContract.jwksKids(a));
        assertThat(KeyRotationContract.jwksKids(b)).contains(rotated.kid());
        b.signup("cluster_rotate", KeyRotationContract.PASSWORD);
        String onB = b.login("cluster_rotate", KeyRotationContract.PASSWORD).text("access_token");
        assertThat(KeyRotationContract.kid(onB)).isEqualTo(rotated.kid());
        assertThat(a.get("/api/v1/me", "Authorization", "Bearer " + onB).status()).isEqualTo(200);
    }
}
