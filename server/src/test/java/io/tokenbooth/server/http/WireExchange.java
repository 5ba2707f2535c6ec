package io.tokenbooth.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request exactly as written and returns the answer exactly as it came off the wire (ISO-8859-1, so every
 * byte is one char), for tests that compare whole answers. The client half-closes after sending, so the server
 * closes the connection after its answer whether or not the request asked for keep-alive.
 */
final class WireExchange {
    private WireExchange() {
    }

    static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.shutdownOutput();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] b = new byte[8192];
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                buf.write(b, 0, n);
            }
            return buf.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
