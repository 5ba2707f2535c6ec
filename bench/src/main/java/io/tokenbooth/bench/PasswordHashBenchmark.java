package io.tokenbooth.bench;

import io.tokenbooth.server.account.password.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's {@link PasswordHasher} at the OWASP parameters it uses by default (Argon2id, m=19456 KiB, t=2, p=1),
 * one thread: the bare Argon2id rate that a password login is compared with. {@code verify} is what a login costs,
 * {@code hash} what a sign-up or password change costs. Argon2 in BouncyCastle is pure Java, so the JCA provider
 * does not matter here. The GC is the server launcher's (Serial).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class PasswordHashBenchmark {
    static final String PASSWORD = "correct horse battery staple";
    static final String OWASP_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$";

    private PasswordHasher hasher;
    private String stored;

    @Setup(Level.Trial)
    public void setUp() {
        hasher = new PasswordHasher(19_456, 2, 1);
        stored = hasher.hash(PASSWORD);
        if (!stored.startsWith(OWASP_PREFIX) || !hasher.verify(PASSWORD, stored)) {
            throw new IllegalStateException("unexpected hash " + stored);
        }
    }

    @Benchmark
    public String hash() {
        return hasher.hash(PASSWORD);
    }

    @Benchmark
    public boolean verify() {
        return hasher.verify(PASSWORD, stored);
    }
}
