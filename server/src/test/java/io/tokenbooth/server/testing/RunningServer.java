package io.tokenbooth.server.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestServer} on a fresh {@link TestDatabase} for all the tests of a class: the database is created and
 * the server started before the class's first test (and before its own {@code @BeforeAll} methods), and both are
 * closed after its last test (after its {@code @AfterAll} methods), server first.
 *
 * <pre>{@code
 * class SomethingTest {
 *     @RegisterExtension
 *     static final RunningServer app = RunningServer.h2().set("cors.origins", "https://app.example.com");
 *
 *     @Test
 *     void works() {
 *         assertThat(app.server().get("/health/ready").status()).isEqualTo(200);
 *     }
 * }
 * }</pre>
 *
 * <p>Configure it like {@link TestServer#builder}: {@link #on} (or {@link #h2}) names the database kind, {@link #set}
 * adds a configuration key and {@link #clock} supplies the clock; {@link #server()} and {@link #db()} give the
 * running pair, and {@link #secondNode()} a builder for another server on the same database with the same settings.
 * A PostgreSQL database that is unreachable skips the class (fails it when {@code CI=true}), as {@link TestDatabase}
 * does.
 *
 * <p>Register it on a {@code static} field: JUnit honours {@code BeforeAllCallback} and {@code AfterAllCallback} only
 * for static {@code @RegisterExtension} fields. The test class needs no {@code @TestInstance(PER_CLASS)} for it; its
 * own {@code @BeforeAll} methods may use {@link #server()}. A contract whose subclasses choose the database takes the
 * instance in its constructor, and each subclass registers its own:
 *
 * <pre>{@code
 * class H2SomethingTest extends SomethingContract {
 *     @RegisterExtension
 *     static final RunningServer app = RunningServer.h2();
 *
 *     H2SomethingTest() {
 *         super(app);
 *     }
 * }
 * }</pre>
 *
 * <p>{@code @Nested} classes share the enclosing class's server: it is started once, and closed when the class that
 * registered it finishes.
 *
 * <p>Thread safety: configure it only while the field is initialised (configuration after the start is refused).
 * The start and stop callbacks are synchronized; {@link #server()} and {@link #db()} read volatile fields, so tests
 * running on other threads (parallel methods, executors inside a test) see the started pair. One instance serves one
 * test class at a time: registering the same instance on two classes that run at once is refused rather than shared.
 * The {@link TestServer} itself may be used from several threads (its HTTP client and {@link MutableClock} are).
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    private final TestDatabase.Kind kind;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private MutableClock clock;
    private volatile String owner;
    private volatile TestDatabase db;
    private volatile TestServer server;

    private RunningServer(TestDatabase.Kind kind) {
        this.kind = kind;
    }

    /** A server on a database of {@code kind}. */
    public static RunningServer on(TestDatabase.Kind kind) {
        return new RunningServer(kind);
    }

    /** A server on an embedded H2 database. */
    public static RunningServer h2() {
        return on(TestDatabase.Kind.H2);
    }

    /** Sets a configuration key, as {@link TestServer.Builder#set} does. */
    public RunningServer set(String key, String value) {
        requireNotStarted();
        settings.put(key, value);
        return this;
    }

    /** The server's clock; without it the server gets {@link MutableClock#startingNow()}. */
    public RunningServer clock(MutableClock c) {
        requireNotStarted();
        this.clock = c;
        return this;
    }

    /** The running server; its clock is {@code server().clock}. */
    public TestServer server() {
        TestServer s = server;
        if (s == null) {
            throw notRunning();
        }
        return s;
    }

    /** The database the server runs on. */
    public TestDatabase db() {
        TestDatabase d = db;
        if (d == null) {
            throw notRunning();
        }
        return d;
    }

    /**
     * A builder for another server on the same database with the same settings (as a second node of a cluster
     * would have) and a clock of its own unless one is given; the caller starts and closes it.
     */
    public TestServer.Builder secondNode() {
        return configure(TestServer.builder(db()));
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (owner != null) {
            if (encloses(owner, context)) {
                return; // a @Nested class: the enclosing class's server serves it
            }
            throw new IllegalStateException("this RunningServer already serves " + owner
                    + "; give each test class its own static instance");
        }
        owner = context.getUniqueId();
        db = TestDatabase.create(kind);
        TestServer.Builder b = configure(TestServer.builder(db));
        if (clock != null) {
            b.clock(clock);
        }
        server = b.start();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        TestServer s = server;
        TestDatabase d = db;
        server = null;
        db = null;
        owner = null;
        try {
            if (s != null) {
                s.close();
            }
        } finally {
            if (d != null) {
                d.close();
            }
        }
    }

    private TestServer.Builder configure(TestServer.Builder b) {
        settings.forEach(b::set);
        return b;
    }

    private static boolean encloses(String ownerId, ExtensionContext context) {
        for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getUniqueId().equals(ownerId)) {
                return true;
            }
        }
        return false;
    }

    private void requireNotStarted() {
        if (owner != null) {
            throw new IllegalStateException("configure a RunningServer before its test class starts");
        }
    }

    private IllegalStateException notRunning() {
        return new IllegalStateException("no running server: register this RunningServer with @RegisterExtension on a"
                + " static field, and use it only while its test class runs");
    }
}
