package io.tokenbooth.server.account.password;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HashingBulkheadTest {

    @Test
    void runWhenThreadAndQueueFullThenSaturatedAndAcceptedWorkStillCompletes() throws Exception {
        try (HashingBulkhead bulkhead = new HashingBulkhead(1, 1);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> first = callers.submit(() -> bulkhead.run(() -> {
                started.countDown();
                release.await();
                return "first";
            }));
            assertThat(started.await(10, SECONDS)).isTrue();
            Future<String> second = callers.submit(() -> bulkhead.run(() -> "second"));
            await().atMost(Duration.ofSeconds(10)).until(() -> bulkhead.queued() == 1);

            assertThatThrownBy(() -> bulkhead.run(() -> "third")).isInstanceOf(HashingBulkhead.Saturated.class);

            release.countDown();
            assertThat(first.get(10, SECONDS)).isEqualTo("first");
            assertThat(second.get(10, SECONDS)).isEqualTo("second");
            assertThat(bulkhead.run(() -> "fourth")).isEqualTo("fourth");
        }
    }

    @Test
    void runWhenNoQueueAndThreadBusyThenSaturated() throws Exception {
        try (HashingBulkhead bulkhead = new HashingBulkhead(1, 0);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> first = callers.submit(() -> bulkhead.run(() -> {
                started.countDown();
                release.await();
                return "first";
            }));
            assertThat(started.await(10, SECONDS)).isTrue();

            assertThatThrownBy(() -> bulkhead.run(() -> "second")).isInstanceOf(HashingBulkhead.Saturated.class);

            release.countDown();
            assertThat(first.get(10, SECONDS)).isEqualTo("first");
        }
    }

    @Test
    void runWhenCalledThenExecutesOnNamedPlatformDaemonThread() {
        try (HashingBulkhead bulkhead = new HashingBulkhead(2, 4)) {
            Thread worker = bulkhead.run(Thread::currentThread);

            assertThat(worker.getName()).matches("tokenbooth-hash-\\d+");
            assertThat(worker.isDaemon()).isTrue();
            assertThat(worker.isVirtual()).isFalse();
            assertThat(worker).isNotSameAs(Thread.currentThread());
        }
    }

    @Test
    void runWhenWorkThrowsRuntimeExceptionThenSameExceptionPropagates() {
        IllegalArgumentException failure = new IllegalArgumentException("boom");
        try (HashingBulkhead bulkhead = new HashingBulkhead(1, 1)) {
            assertThatThrownBy(() -> bulkhead.run(() -> {
                throw failure;
            })).isSameAs(failure);
        }
    }

    @Test
    void runWhenWorkThrowsCheckedExceptionThenWrappedInCompletionException() {
        IOException failure = new IOException("boom");
        try (HashingBulkhead bulkhead = new HashingBulkhead(1, 1)) {
            assertThatThrownBy(() -> bulkhead.run(() -> {
                throw failure;
            })).isInstanceOf(CompletionException.class).hasCause(failure);
        }
    }

    @Test
    void runWhenClosedThenRejected() {
        HashingBulkhead bulkhead = new HashingBulkhead(1, 1);
        bulkhead.close();

        assertThatThrownBy(() -> bulkhead.run(() -> "late")).isInstanceOf(RejectedExecutionException.class)
                .isNotInstanceOf(HashingBulkhead.Saturated.class);
    }

    @Test
    void constructorWhenNegativeThenIllegalArgumentException() {
        assertThatThrownBy(() -> new HashingBulkhead(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HashingBulkhead(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorWhenZeroThreadsThenOnePerProcessor() throws Exception {
        int processors = Runtime.getRuntime().availableProcessors();
        try (HashingBulkhead bulkhead = new HashingBulkhead(0, 0);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch started = new CountDownLatch(processors);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < processors; i++) {
                callers.submit(() -> bulkhead.run(() -> {
                    started.countDown();
                    release.await();
                    return null;
                }));
            }
            assertThat(started.await(10, SECONDS)).isTrue();

            assertThatThrownBy(() -> bulkhead.run(() -> "one too many"))
                    .isInstanceOf(HashingBulkhead.Saturated.class);
            release.countDown();
        }
    }

    private static final long MIB = 1024 * 1024;
    /** OWASP's Argon2id memory, the server's default ({@code passwords.argon2-memory-kib}). */
    private static final int DEFAULT_MEMORY_KIB = 19 * 1024;

    @Test
    void threadsWhenDefaultAndHeapHoldsOnePerCoreThenOnePerCore() {
        assertThat(HashingBulkhead.threads(0, DEFAULT_MEMORY_KIB, 2, 256 * MIB)).isEqualTo(2);
        assertThat(HashingBulkhead.threads(0, DEFAULT_MEMORY_KIB, 1, 128 * MIB)).isEqualTo(1);
    }

    @Test
    void threadsWhenDefaultOnManyCoresThenNoMoreThanHalfTheHeapHolds() {
        // 19 MiB of 1 KiB blocks is ~19.9 MiB on the heap: half of 256 MiB holds 6, half of 128 MiB holds 3
        assertThat(HashingBulkhead.threads(0, DEFAULT_MEMORY_KIB, 16, 256 * MIB)).isEqualTo(6);
        assertThat(HashingBulkhead.threads(0, DEFAULT_MEMORY_KIB, 16, 128 * MIB)).isEqualTo(3);
        assertThat(HashingBulkhead.threads(0, 64 * 1024, 64, 4096 * MIB)).isEqualTo(30);
    }

    @Test
    void threadsWhenDefaultAndHeapHoldsNotEvenOneThenOne() {
        assertThat(HashingBulkhead.threads(0, DEFAULT_MEMORY_KIB, 8, 16 * MIB)).isEqualTo(1);
        assertThat(HashingBulkhead.threads(0, DEFAULT_MEMORY_KIB, 0, 256 * MIB)).isEqualTo(1);
    }

    @Test
    void threadsWhenConfiguredThenUsedAsGivenEvenWhenTheHeapDoesNotHoldThem() {
        assertThat(HashingBulkhead.threads(4, DEFAULT_MEMORY_KIB, 16, 256 * MIB)).isEqualTo(4);
        assertThat(HashingBulkhead.threads(16, DEFAULT_MEMORY_KIB, 2, 128 * MIB)).isEqualTo(16);
    }
}
