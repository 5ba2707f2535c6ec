package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, defect 11: a client that sends its request head slowly (one header line every so often, each within the
 * idle timeout) is cut off once {@code http.header-timeout} has passed since its first byte; a silent connection is
 * closed after {@code http.idle-timeout}. Both are set short here; a regular request is unaffected.
 */
class SlowClientTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    /** Scheduling slack on a busy machine. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    @RegisterExtension
    static final RunningServer app = RunningServer.h2()
            .set("http.header-timeout", HEADER_TIMEOUT.toSeconds() + "s")
            .set("http.idle-timeout", IDLE_TIMEOUT.toSeconds() + "s");

    @Test
    void connectionWhenHeaderLinesTrickleThenClosedWithinHeaderTimeout() throws Exception {
        try (Socket s = connect()) {
            long start = System.nanoTime();
            CompletableFuture<Long> closedAt = closedAt(s);
            OutputStream out = s.getOutputStream();
            out.write(("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            // One header line every 700 ms: well within the idle timeout, so only a deadline on the head stops it.
            for (int i = 0; i < 40 && !closedAt.isDone(); i++) {
                try {
                    closedAt.get(700, TimeUnit.MILLISECONDS); // ends the wait as soon as the server closes
                    break;
                } catch (TimeoutException stillOpen) {
                    // send the next line
                }
                try {
                    out.write(("X-Trickle-" + i + ": still-coming\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    break; // the server has closed the connection
                }
            }
            Duration open = Duration.ofNanos(closedAt.get(5, TimeUnit.SECONDS) - start);
            assertThat(open).as("time the trickling connection stayed open")
                    .isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(200))
                    .isLessThan(HEADER_TIMEOUT.plus(SLACK));
        }
    }

    @Test
    void connectionWhenSilentThenClosedWithinIdleTimeout() throws Exception {
        try (Socket s = connect()) {
            long start = System.nanoTime();
            Duration open = Duration.ofNanos(closedAt(s).get(IDLE_TIMEOUT.plus(SLACK).toSeconds() + 5, TimeUnit.SECONDS)
                    - start);
            assertThat(open).isLessThan(IDLE_TIMEOUT.plus(SLACK));
        }
    }

    @Test
    void requestWhenSentPromptlyThenServedDespiteShortTimeouts() {
        assertThat(app.server().get("/health/live").status()).isEqualTo(200);
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", app.server().tokenbooth().port()), 5000);
        s.setSoTimeout(60_000);
        return s;
    }

    /** Completes with {@link System#nanoTime()} when the server closes the connection (end of stream or reset). */
    private static CompletableFuture<Long> closedAt(Socket s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[1024];
                while (in.read(buf) >= 0) {
                    // an error answer (408) may come first; wait for the close
                }
            } catch (IOException e) {
                // reset by the server: closed too
            }
            return System.nanoTime();
        });
    }
}
