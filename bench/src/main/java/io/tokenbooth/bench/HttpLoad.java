package io.tokenbooth.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load engine on one thread (like wrk): {@code concurrency} keep-alive connections, each with
 * exactly one request in flight, driven by one NIO selector, so that the load generator itself needs little CPU.
 * Responses completed during the measured window count; their latency (send to last byte) goes into an HdrHistogram.
 * Bounded by time, by response count and by error count.
 */
final class HttpLoad {
    /** What one connection sends next and what it makes of the answer. Used by one thread only. */
    interface Session {
        /** The next request, ready to write. */
        byte[] request();

        /** The answer to the last request; false if this session cannot go on (e.g. its refresh chain ended). */
        boolean completed(int status, byte[] body);

        /** The last request got no complete answer (I/O error, timeout): its outcome is unknown. */
        void failed();
    }

    /** Hands out sessions; null when none is left. */
    interface Sessions {
        Session next();
    }

    /** What happened during the measured window. */
    record Outcome(long requests, double seconds, long non2xx, long errors, Histogram latencyNanos,
                   TreeMap<Integer, Long> statuses, long warmupRequests, long warmupNon2xx, long warmupErrors,
                   int connectionsLeft, List<String> notes) {
    }

    private static final long MAX_ERRORS = 100_000;

    private final InetSocketAddress address;
    private final int concurrency;
    private final long timeoutNanos;
    private final long maxRequests;
    private final Sessions sessions;

    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
    private final TreeMap<Integer, Long> statuses = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();
    private long requests;
    private long non2xx;
    private long errors;
    private long warmupRequests;
    private long warmupNon2xx;
    private long warmupErrors;
    private long totalErrors;
    private long measureStart;
    private long measureEnd;
    private long lastCompletion;

    HttpLoad(InetSocketAddress address, int concurrency, long timeoutNanos, long maxRequests, Sessions sessions) {
        this.address = address;
        this.concurrency = concurrency;
        this.timeoutNanos = timeoutNanos;
        this.maxRequests = maxRequests;
        this.sessions = sessions;
    }

    private final class Conn {
        SocketChannel channel;
        SelectionKey key;
        Session session;
        ByteBuffer out;
        byte[] in = new byte[16 * 1024];
        int inLength;
        long sentAt;
        boolean inFlight;
        boolean retired;
    }

    Outcome run(long warmupNanos, long durationNanos) throws IOException {
        long start = System.nanoTime();
        measureStart = start + warmupNanos;
        measureEnd = measureStart + durationNanos;
        List<Conn> conns = new ArrayList<>(concurrency);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < concurrency; i++) {
                Conn c = new Conn();
                conns.add(c);
                open(selector, c);
            }
            long nextTimeoutCheck = start;
            while (true) {
                long now = System.nanoTime();
                if (now >= measureEnd || requests >= maxRequests) {
                    break;
                }
                if (totalErrors >= MAX_ERRORS) {
                    notes.add("stopped early: " + totalErrors + " errors");
                    break;
                }
                if (conns.stream().allMatch(c -> c.retired)) {
                    notes.add("stopped early: every connection ran out of sessions");
                    break;
                }
                long waitMillis = Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(measureEnd - now)));
                selector.select(waitMillis);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn c = (Conn) key.attachment();
                    if (!key.isValid()) {
                        continue;
                    }
                    try {
                        if (key.isConnectable()) {
                            c.channel.finishConnect();
                            send(c);
                        } else if (key.isWritable()) {
                            write(c);
                        } else if (key.isReadable()) {
                            read(selector, c);
                        }
                    } catch (IOException | HttpResponseParser.MalformedResponse | RuntimeException e) {
                        fail(selector, c, e);
                    }
                }
                now = System.nanoTime();
                if (now >= nextTimeoutCheck) {
                    nextTimeoutCheck = now + TimeUnit.MILLISECONDS.toNanos(50);
                    for (Conn c : conns) {
                        if (c.inFlight && now - c.sentAt > timeoutNanos) {
                            fail(selector, c, new IOException("timed out"));
                        } else if (!c.retired && c.channel == null) {
                            open(selector, c);
                        }
                    }
                }
            }
            for (Conn c : conns) {
                closeQuietly(c);
            }
        }
        long end = requests >= maxRequests ? lastCompletion : measureEnd;
        double seconds = Math.max(1e-9, (end - measureStart) / 1e9);
        int left = (int) conns.stream().filter(c -> !c.retired).count();
        return new Outcome(requests, seconds, non2xx, errors, latency, statuses, warmupRequests, warmupNon2xx,
                warmupErrors, left, notes);
    }

    private void open(Selector selector, Conn c) {
        try {
            c.channel = SocketChannel.open();
            c.channel.configureBlocking(false);
            c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.inLength = 0;
            if (c.channel.connect(address)) {
                c.key = c.channel.register(selector, 0, c);
                send(c);
            } else {
                c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            fail(selector, c, e);
        }
    }

    private void send(Conn c) throws IOException {
        if (c.session == null) {
            c.session = sessions.next();
            if (c.session == null) {
                c.retired = true;
                closeQuietly(c);
                return;
            }
        }
        c.out = ByteBuffer.wrap(c.session.request());
        c.sentAt = System.nanoTime();
        c.inFlight = true;
        write(c);
    }

    private void write(Conn c) throws IOException {
        c.channel.write(c.out);
        c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Selector selector, Conn c) throws IOException, HttpResponseParser.MalformedResponse {
        if (c.inLength == c.in.length) {
            c.in = java.util.Arrays.copyOf(c.in, c.in.length * 2);
        }
        int n = c.channel.read(ByteBuffer.wrap(c.in, c.inLength, c.in.length - c.inLength));
        if (n < 0) {
            throw new IOException("connection closed by the server");
        }
        c.inLength += n;
        HttpResponseParser.Response r = HttpResponseParser.parse(c.in, c.inLength);
        if (r == null) {
            return;
        }
        long now = System.nanoTime();
        c.inFlight = false;
        System.arraycopy(c.in, r.consumed(), c.in, 0, c.inLength - r.consumed());
        c.inLength -= r.consumed();
        boolean ok2xx = r.status() >= 200 && r.status() < 300;
        if (now >= measureStart && now < measureEnd) {
            requests++;
            lastCompletion = now;
            latency.recordValue(Math.min(now - c.sentAt, latency.getHighestTrackableValue()));
            statuses.merge(r.status(), 1L, Long::sum);
            if (!ok2xx) {
                non2xx++;
            }
        } else if (now < measureStart) {
            warmupRequests++;
            if (!ok2xx) {
                warmupNon2xx++;
            }
        }
        boolean goOn;
        try {
            goOn = c.session.completed(r.status(), r.body());
        } catch (RuntimeException e) {
            // The answer was unusable (e.g. a 200 without the expected token): that is an error, not a success.
            countError(now);
            goOn = false;
            if (notes.size() < 5) {
                notes.add("bad answer: " + e.getMessage());
            }
        }
        if (!goOn) {
            c.session = null;
        }
        if (r.close()) {
            closeQuietly(c);
            open(selector, c);
        } else if (now < measureEnd) {
            send(c);
        }
    }

    private void fail(Selector selector, Conn c, Exception e) {
        long now = System.nanoTime();
        countError(now);
        if (notes.size() < 5 && !(e instanceof IOException && "timed out".equals(e.getMessage()))) {
            notes.add("error: " + e);
        }
        if (c.session != null && c.inFlight) {
            c.session.failed();
            c.session = null;
        }
        c.inFlight = false;
        closeQuietly(c);
        // Reopened by the periodic check (at most every 50 ms), not in a tight loop.
    }

    private void countError(long now) {
        totalErrors++;
        if (now >= measureStart && now < measureEnd) {
            errors++;
        } else if (now < measureStart) {
            warmupErrors++;
        }
    }

    private static void closeQuietly(HttpLoad.Conn c) {
        if (c.key != null) {
            c.key.cancel();
            c.key = null;
        }
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            c.channel = null;
        }
        c.inLength = 0;
    }
}
