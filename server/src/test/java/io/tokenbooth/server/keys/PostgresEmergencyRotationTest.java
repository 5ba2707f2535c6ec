package io.tokenbooth.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.cli.Cli;
import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keys rotate --delay 0s}, the emergency rotation for a leaked key, stops every node of the database signing with
 * the old key within {@code keys.check-interval} (default 1 s; docs/operations.md), and the old key stays published.
 */
class PostgresEmergencyRotationTest {
    private static final String ISSUER = "https://auth.emergency.test";
    /** keys.check-interval's default, plus the time a loaded machine needs to run the check and a login. */
    private static final Duration BOUND = Duration.ofSeconds(1).plusMillis(1500);
    private TestDatabase db;
    private MutableClock clock;
    private TestServer a;
    private TestServer b;

    @BeforeEach
    void start() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
        clock = MutableClock.startingNow();
        a = node();
        b = node();
    }

    /** keys.check-interval at its default: the bound under test is the shipped one (the fixture sets 1m). */
    private TestServer node() {
        return TestServer.builder(db).clock(clock).set("issuer", ISSUER).set("keys.refresh-interval", "1h")
                .set("keys.check-interval", "1s").start();
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
        db.close();
    }

    @Test
    void rotateWithZeroDelayFromTheCliThenEveryNodeSignsWithTheNewKeyWithinTheBound(@TempDir Path tmp) throws Exception {
        a.signup("leaked_key_user", KeyRotationContract.PASSWORD);
        String before = kidOfAccessToken(a);
        assertThat(kidOfAccessToken(b)).isEqualTo(before);

        Path yml = tmp.resolve("tokenbooth.yml");
        Files.writeString(yml, "master-key: " + db.settings().get("master-key") + "\n");
        Cli.Result rotate = Cli.run("keys", "rotate", "--delay", "0s", "--db", db.jdbcUrl(), "--config", yml.toString(),
                "--data", tmp.resolve("unused").toString());
        assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
        Matcher m = Pattern.compile("key (\\S+) published").matcher(rotate.out());
        assertThat(m.find()).as(rotate.out()).isTrue();
        String rotated = m.group(1);
        Instant rotatedAt = Instant.now();
        clock.advance(Duration.between(clock.instant(), rotatedAt)); // the servers' clock reaches the CLI's

        Duration left = Duration.between(Instant.now(), rotatedAt.plus(BOUND));
        String[] kids = new String[2];
        try {
            Awaitility.await().atMost(left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        kids[0] = kidOfAccessToken(a);
                        kids[1] = kidOfAccessToken(b);
                        return kids[0].equals(rotated) && kids[1].equals(rotated);
                    });
        } catch (ConditionTimeoutException e) {
            // Asserted below, naming the node that still signs with the old key.
        }
        String onA = kids[0];
        String onB = kids[1];
        assertThat(onA).as("node A signs with the new key within %s", BOUND).isEqualTo(rotated);
        assertThat(onB).as("node B signs with the new key within %s", BOUND).isEqualTo(rotated);
        // The old key is retired, not withdrawn: tokens it signed stay verifiable until they expire.
        assertThat(KeyRotationContract.jwksKids(a)).contains(before, rotated);
        assertThat(KeyRotationContract.jwksKids(b)).contains(before, rotated);
    }

    private static String kidOfAccessToken(TestServer node) {
        TestServer.Response login = node.login("leaked_key_user", KeyRotationContract.PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return KeyRotationContract.kid(login.text("access_token"));
    }
}
