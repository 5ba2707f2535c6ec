package io.tokenbooth.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A deliberately dumb HTTP/1.1 client on a plain {@link Socket}: it sends exactly the bytes it is given (any header,
 * chunked bodies without Content-Length, malformed framing) and reads the answer until the server closes the
 * connection ({@code Connection: close} is always sent). For requests {@link java.net.http.HttpClient} would refuse
 * or rewrite.
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** One HTTP answer. Header names are lower-cased; a header sent twice keeps all its values. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    /** Sends {@code method path} with the given headers (name, value pairs) and a body with Content-Length. */
    static Answer request(int port, String method, String path, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return exchange(port, head.toString().getBytes(StandardCharsets.ISO_8859_1), body == null ? new byte[0] : body);
    }

    /** POSTs {@code body} as {@code Transfer-Encoding: chunked} (no Content-Length), {@code chunk} bytes a chunk. */
    static Answer postChunked(int port, String path, String contentType, byte[] body, int chunk) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        for (int off = 0; off < body.length; off += chunk) {
            int n = Math.min(chunk, body.length - off);
            framed.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            framed.write(body, off, n);
            framed.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        framed.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), framed.toByteArray());
    }

    /**
     * Sends {@code request} exactly as given (it should say {@code Connection: close}) and waits at most
     * {@code timeoutMillis} for each read; empty when the server closed the connection without answering.
     */
    static Optional<Answer> raw(int port, byte[] request, int timeoutMillis) {
        byte[] answer;
        try {
            answer = exchangeBytes(port, new byte[0], request, timeoutMillis);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SocketException) {
                return Optional.empty(); // reset without an answer; a read timeout is not a SocketException
            }
            throw e;
        }
        return answer.length == 0 ? Optional.empty() : Optional.of(parse(answer));
    }

    private static Answer exchange(int port, byte[] head, byte[] rest) {
        return parse(exchangeBytes(port, head, rest, 30_000));
    }

    private static byte[] exchangeBytes(int port, byte[] head, byte[] rest, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write(head);
            try {
                out.write(rest);
                out.flush();
            } catch (SocketException e) {
                // The server may answer (413) and stop reading before the whole body is sent; read what it said.
            }
            return readAll(s.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("raw HTTP exchange with port " + port + " failed", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        try {
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                buf.write(b, 0, n);
            }
        } catch (SocketException e) {
            if (buf.size() == 0) {
                throw e;
            }
            // A reset after the answer arrived: keep the answer.
        }
        return buf.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        byte[] bodyBytes = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            bodyBytes = dechunk(bodyBytes);
        }
        return new Answer(status, headers, new String(bodyBytes, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < in.length) {
            int lineEnd = indexOfCrlf(in, pos);
            String sizeLine = new String(in, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            pos = lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(in, pos, size);
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("malformed chunked body");
    }
}
