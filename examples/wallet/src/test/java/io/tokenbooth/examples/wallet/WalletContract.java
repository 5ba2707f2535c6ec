package io.tokenbooth.examples.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.examples.wallet.ledger.Movement;
import io.tokenbooth.examples.wallet.testing.FakeIssuer;
import io.tokenbooth.examples.wallet.testing.WalletClient;
import io.tokenbooth.examples.wallet.testing.WalletClient.Answer;
import io.tokenbooth.examples.wallet.testing.WalletTestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The wallet's money rules against a real database (one per class) through real HTTP: balances, the append-only
 * ledger, overdrafts, Idempotency-Key replays and conflicts, concurrency within one wallet process and across two
 * on one database, and that no request reaches another user's wallet. Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WalletContract {
    static final String RW = "wallet:read wallet:write";

    WalletTestDatabase db;
    FakeIssuer issuer;
    WalletServer wallet;
    WalletClient client;

    abstract WalletTestDatabase database();

    @BeforeAll
    void start() {
        db = database();
        issuer = FakeIssuer.start();
        wallet = Wallets.start(issuer, db);
        client = new WalletClient(wallet.port());
    }

    @AfterAll
    void stop() {
        if (wallet != null) {
            wallet.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (db != null) {
            db.close();
        }
    }

    String token(String sub) {
        return issuer.token(sub, Wallets.AUDIENCE, RW);
    }

    static String user() {
        return "user-" + UUID.randomUUID();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    Answer deposit(String token, long amount) {
        return client.post("/wallet/deposits", token, key(), "{\"amount\": " + amount + "}");
    }

    @Test
    void getWhenWalletNeverUsedThenZeroBalanceInWon() {
        Answer a = client.get("/wallet", token(user()));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.balance()).isZero();
        assertThat(a.json().get("currency").asText()).isEqualTo("KRW");
        assertThat(a.json().get("entries")).isEmpty();
        assertThat(a.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void movementsWhenAcceptedThen201WithNewBalanceAndLedgerNewestFirst() {
        String t = token(user());
        Answer d = deposit(t, 10_000);
        assertThat(d.status()).isEqualTo(201);
        assertThat(d.balance()).isEqualTo(10_000);
        assertThat(d.json().get("entry").get("type").asText()).isEqualTo("deposit");
        Answer w = client.post("/wallet/withdrawals", t, key(), "{\"amount\": 2500}");
        assertThat(w.status()).isEqualTo(201);
        assertThat(w.balance()).isEqualTo(7_500);
        Answer p = client.post("/wallet/payments", t, key(), "{\"amount\": 1500, \"merchant\": \"Café 서울\"}");
        assertThat(p.status()).isEqualTo(201);
        assertThat(p.balance()).isEqualTo(6_000);

        Answer view = client.get("/wallet", t);
        assertThat(view.balance()).isEqualTo(6_000);
        assertThat(view.json().get("entries")).hasSize(3);
        assertThat(view.json().get("entries").get(0).get("type").asText()).isEqualTo("payment");
        assertThat(view.json().get("entries").get(0).get("merchant").asText()).isEqualTo("Café 서울");
        assertThat(view.json().get("entries").get(0).get("balance").asLong()).isEqualTo(6_000);
        assertThat(view.json().get("entries").get(2).get("amount").asLong()).isEqualTo(10_000);
    }

    @Test
    void entriesWhenMoreThanFiftyThenOnlyTheNewestFifty() {
        String t = token(user());
        for (int i = 1; i <= 55; i++) {
            assertThat(deposit(t, i).status()).isEqualTo(201);
        }
        Answer view = client.get("/wallet", t);
        assertThat(view.json().get("entries")).hasSize(50);
        assertThat(view.json().get("entries").get(0).get("amount").asLong()).isEqualTo(55);
        assertThat(view.balance()).isEqualTo(55 * 56 / 2);
    }

    @Test
    void withdrawalWhenBalanceTooLowThen409ProblemAndNothingMoves() {
        String t = token(user());
        deposit(t, 500);
        Answer a = client.post("/wallet/withdrawals", t, key(), "{\"amount\": 800}");
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
        assertThat(a.json().get("type").asText()).isEqualTo("urn:tokenbooth:wallet:insufficient-funds");
        assertThat(a.json().get("status").asInt()).isEqualTo(409);
        assertThat(a.json().get("error").asText()).isEqualTo("insufficient_funds");
        assertThat(a.json().get("balance").asLong()).isEqualTo(500);
        assertThat(client.post("/wallet/payments", t, key(), "{\"amount\": 501, \"merchant\": \"m\"}").status())
                .isEqualTo(409);
        Answer view = client.get("/wallet", t);
        assertThat(view.balance()).isEqualTo(500);
        assertThat(view.json().get("entries")).hasSize(1);
    }

    @Test
    void depositWhenBalanceWouldPassTheLimitThen409() {
        String t = token(user());
        long max = Movement.MAX_AMOUNT;
        for (long i = 0; i < Movement.MAX_BALANCE / max; i++) {
            assertThat(deposit(t, max).status()).isEqualTo(201);
        }
        Answer a = deposit(t, 1);
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.json().get("error").asText()).isEqualTo("balance_limit");
    }

    @Test
    void sameKeyWhenSameBodyThenFirstAnswerReplayedAndMoneyMovedOnce() {
        String t = token(user());
        String k = key();
        Answer first = client.post("/wallet/deposits", t, k, "{\"amount\": 700}");
        Answer again = client.post("/wallet/deposits", t, k, "{ \"amount\" : 700 }");
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(client.get("/wallet", t).balance()).isEqualTo(700);
    }

    @Test
    void sameKeyWhenOverdraftAnsweredThenReplayedEvenAfterADeposit() {
        String t = token(user());
        String k = key();
        assertThat(client.post("/wallet/withdrawals", t, k, "{\"amount\": 100}").status()).isEqualTo(409);
        deposit(t, 1000);
        Answer again = client.post("/wallet/withdrawals", t, k, "{\"amount\": 100}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("balance").asLong()).isZero();
        assertThat(client.get("/wallet", t).balance()).isEqualTo(1000);
    }

    @Test
    void sameKeyWhenDifferentBodyOrEndpointThen422AndNothingMoves() {
        String t = token(user());
        String k = key();
        assertThat(client.post("/wallet/deposits", t, k, "{\"amount\": 700}").status()).isEqualTo(201);
        Answer other = client.post("/wallet/deposits", t, k, "{\"amount\": 701}");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("error").asText()).isEqualTo("idempotency_key_reused");
        assertThat(client.post("/wallet/withdrawals", t, k, "{\"amount\": 700}").status()).isEqualTo(422);
        assertThat(client.get("/wallet", t).balance()).isEqualTo(700);
    }

    @Test
    void moveWhenIdempotencyKeyMissingOrMalformedThen400() {
        String t = token(user());
        Answer none = client.post("/wallet/deposits", t, null, "{\"amount\": 1}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("detail").asText()).contains("Idempotency-Key");
        assertThat(client.post("/wallet/deposits", t, "x".repeat(129), "{\"amount\": 1}").status()).isEqualTo(400);
        assertThat(client.post("/wallet/deposits", t, "no spaces", "{\"amount\": 1}").status()).isEqualTo(400);
        assertThat(client.post("/wallet/deposits", t, "", "{\"amount\": 1}").status()).isEqualTo(400);
        assertThat(client.post("/wallet/deposits", t, "\"quoted-key\"", "{\"amount\": 1}").status()).isEqualTo(201);
        assertThat(client.get("/wallet", t).balance()).isEqualTo(1);
    }

    @Test
    void sameKeySentManyTimesAtOnceThenOneMovementAndOneAnswer() throws Exception {
        String t = token(user());
        deposit(t, 1_000);
        String k = key();
        List<Answer> answers = all(8, () -> client.post("/wallet/withdrawals", t, k, "{\"amount\": 300}"));
        assertThat(answers).extracting(Answer::status).containsOnly(201);
        assertThat(answers).extracting(Answer::json).containsOnly(answers.get(0).json());
        assertThat(answers).filteredOn(a -> a.header("Idempotent-Replayed") == null).hasSize(1);
        Answer view = client.get("/wallet", t);
        assertThat(view.balance()).isEqualTo(700);
        assertThat(view.json().get("entries")).hasSize(2);
    }

    @Test
    void tenWithdrawalsAtOnceWhenTogetherTooMuchThenExactlyTheAffordableOnesSucceed() throws Exception {
        String t = token(user());
        deposit(t, 1_000);
        List<Answer> answers = all(10, () -> client.post("/wallet/withdrawals", t, key(), "{\"amount\": 300}"));
        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(3);
        assertThat(answers).filteredOn(a -> a.status() == 409).hasSize(7);
        assertThat(answers).filteredOn(a -> a.status() == 201).extracting(Answer::balance)
                .containsExactlyInAnyOrder(700L, 400L, 100L);
        assertLedgerConsistent(t, 100);
    }

    @Test
    void twoWalletsOnOneDatabaseWhenSameUserThenOneBalanceAndNoOverdraft() throws Exception {
        try (WalletServer second = Wallets.start(issuer, db)) {
            WalletClient other = new WalletClient(second.port());
            String t = token(user());
            assertThat(deposit(t, 1_000).status()).isEqualTo(201);
            assertThat(other.get("/wallet", t).balance()).isEqualTo(1_000);
            String k = key();
            assertThat(other.post("/wallet/withdrawals", t, k, "{\"amount\": 100}").status()).isEqualTo(201);
            Answer replay = client.post("/wallet/withdrawals", t, k, "{\"amount\": 100}");
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            List<Answer> answers = new ArrayList<>(all(10, () -> {
                WalletClient via = Math.random() < 0.5 ? client : other;
                return via.post("/wallet/payments", t, key(), "{\"amount\": 200, \"merchant\": \"shop\"}");
            }));
            assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(4);
            assertThat(answers).filteredOn(a -> a.status() == 409).hasSize(6);
            assertLedgerConsistent(t, 100);
            assertThat(other.get("/wallet", t).json()).isEqualTo(client.get("/wallet", t).json());
        }
    }

    /** The balance is {@code expected}, equals the sum of the ledger, and no entry ever went below zero. */
    void assertLedgerConsistent(String t, long expected) {
        Answer view = client.get("/wallet", t);
        assertThat(view.balance()).isEqualTo(expected);
        long sum = 0;
        var entries = view.json().get("entries");
        for (int i = entries.size() - 1; i >= 0; i--) {
            var e = entries.get(i);
            long amount = e.get("amount").asLong();
            sum += "deposit".equals(e.get("type").asText()) ? amount : -amount;
            assertThat(e.get("balance").asLong()).isEqualTo(sum).isNotNegative();
        }
        assertThat(sum).isEqualTo(expected);
    }

    /** Runs {@code n} copies of {@code call} released at the same moment; their answers. */
    static <T> List<T> all(int n, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
