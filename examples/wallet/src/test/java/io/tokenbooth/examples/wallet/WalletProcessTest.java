package io.tokenbooth.examples.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenbooth.examples.wallet.testing.FakeIssuer;
import io.tokenbooth.examples.wallet.testing.WalletClient;
import io.tokenbooth.examples.wallet.testing.WalletClient.Answer;
import io.tokenbooth.examples.wallet.testing.WalletTestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two wallets as two processes on one embedded H2 file (the second joins through H2's AUTO_SERVER), started the way
 * {@code examples/wallet/run} starts one ({@link WalletMain}): the same users, one balance, no overdraft between them,
 * Idempotency-Keys honoured across them; and a token revoked at the issuer refused by the other process within 2 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletProcessTest {
    WalletTestDatabase db;
    FakeIssuer issuer;
    WalletServer here;
    Process there;
    WalletClient near;
    WalletClient far;

    @BeforeAll
    void start() throws IOException {
        db = WalletTestDatabase.h2();
        issuer = FakeIssuer.start();
        here = Wallets.start(issuer, db);
        near = new WalletClient(here.port());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        there = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WalletMain.class.getName(),
                "--port", String.valueOf(port), "--issuer", issuer.issuer(), "--audience", Wallets.AUDIENCE,
                "--data", db.dataDir().toString(), "--status-poll", "500ms")
                .redirectErrorStream(true).redirectOutput(db.dataDir().resolve("second-wallet.log").toFile()).start();
        far = new WalletClient(port);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> far.get("/config.json", null).status() == 200);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (there != null) {
            there.destroy();
            there.waitFor();
        }
        if (here != null) {
            here.close();
        }
        issuer.close();
        db.close();
    }

    String token(String sub) {
        return issuer.token(sub, Wallets.AUDIENCE, WalletContract.RW);
    }

    @Test
    void twoProcessesOnOneH2FileWhenSameUserThenOneBalanceOneLedgerNoOverdraft() throws Exception {
        assertThat(there.isAlive()).isTrue();
        String t = token("user-" + UUID.randomUUID());
        assertThat(near.post("/wallet/deposits", t, "d1", "{\"amount\": 1000}").status()).isEqualTo(201);
        assertThat(far.get("/wallet", t).balance()).isEqualTo(1000);
        Answer replay = far.post("/wallet/deposits", t, "d1", "{\"amount\": 1000}");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

        int[] n = {0};
        List<Answer> answers = WalletContract.all(10, () -> {
            WalletClient via;
            synchronized (n) {
                via = n[0]++ % 2 == 0 ? near : far;
            }
            return via.post("/wallet/withdrawals", t, UUID.randomUUID().toString(), "{\"amount\": 300}");
        });
        assertThat(answers).filteredOn(a -> a.status() != 201 && a.status() != 409).extracting(a -> a.raw().uri() + " " + a.json()).isEmpty();
        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(3);
        assertThat(answers).filteredOn(a -> a.status() == 409).hasSize(7);
        assertThat(far.get("/wallet", t).balance()).isEqualTo(100);
        assertThat(near.get("/wallet", t).json()).isEqualTo(far.get("/wallet", t).json());
    }

    @Test
    void tokenWhenRevokedAtTheIssuerThenTheOtherProcessRefusesItWithinTwoSeconds() {
        String t = token("user-" + UUID.randomUUID());
        assertThat(far.get("/wallet", t).status()).isEqualTo(200);
        assertThat(near.get("/wallet", t).status()).isEqualTo(200);
        issuer.revoke(t);
        long revokedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> far.get("/wallet", t).status() == 401);
        Answer refused = far.post("/wallet/deposits", t, "k", "{\"amount\": 1}");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
        await().atMost(Duration.ofSeconds(2).minusNanos(System.nanoTime() - revokedAt))
                .until(() -> near.get("/wallet", t).status() == 401);
    }
}
