package io.tokenbooth.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 response parser for the load generator: status line, headers, then a body framed by
 * {@code Content-Length} or chunked transfer coding. No pipelining: one response per request.
 */
final class HttpResponseParser {
    /** A complete response. {@code consumed} bytes of the buffer belong to it. */
    record Response(int status, byte[] body, boolean close, int consumed) {
    }

    /** Thrown for bytes that are not an HTTP/1.1 response we can frame. */
    static final class MalformedResponse extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResponse(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_HEADER = 16 * 1024;

    private HttpResponseParser() {
    }

    /** The response at the start of {@code buf[0..len)}, or null if more bytes are needed. */
    static Response parse(byte[] buf, int len) throws MalformedResponse {
        int headerEnd = indexOf(buf, 0, len, CRLFCRLF);
        if (headerEnd < 0) {
            if (len > MAX_HEADER) {
                throw new MalformedResponse("response header larger than " + MAX_HEADER + " bytes");
            }
            return null;
        }
        if (len < 12 || !startsWith(buf, 0, "HTTP/1.")) {
            throw new MalformedResponse("not an HTTP/1.x status line");
        }
        int status = digit(buf[9]) * 100 + digit(buf[10]) * 10 + digit(buf[11]);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = startsWith(buf, 0, "HTTP/1.0");
        int line = indexOf(buf, 0, headerEnd + 2, CRLF) + 2;
        while (line < headerEnd + 2) {
            int eol = indexOf(buf, line, headerEnd + 2, CRLF);
            int colon = indexOf(buf, line, eol, COLON);
            if (colon > 0) {
                String name = new String(buf, line, colon - line, StandardCharsets.US_ASCII);
                if (name.equalsIgnoreCase("content-length")) {
                    contentLength = Long.parseLong(value(buf, colon + 1, eol));
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = value(buf, colon + 1, eol).toLowerCase().contains("chunked");
                } else if (name.equalsIgnoreCase("connection")) {
                    String v = value(buf, colon + 1, eol).toLowerCase();
                    close = v.contains("close") || (close && !v.contains("keep-alive"));
                }
            }
            line = eol + 2;
        }
        int bodyStart = headerEnd + 4;
        if (chunked) {
            return chunked(buf, len, bodyStart, status, close);
        }
        if (contentLength < 0) {
            if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
                contentLength = 0;
            } else {
                throw new MalformedResponse("response " + status + " without Content-Length or chunked coding");
            }
        }
        if (contentLength > Integer.MAX_VALUE - bodyStart) {
            throw new MalformedResponse("body too large");
        }
        int end = bodyStart + (int) contentLength;
        if (len < end) {
            return null;
        }
        byte[] body = new byte[(int) contentLength];
        System.arraycopy(buf, bodyStart, body, 0, body.length);
        return new Response(status, body, close, end);
    }

    private static Response chunked(byte[] buf, int len, int p, int status, boolean close) throws MalformedResponse {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int eol = indexOf(buf, p, len, CRLF);
            if (eol < 0) {
                return null;
            }
            int sizeEnd = eol;
            int semicolon = indexOf(buf, p, eol, SEMICOLON);
            if (semicolon >= 0) {
                sizeEnd = semicolon;
            }
            int size;
            try {
                size = Integer.parseInt(new String(buf, p, sizeEnd - p, StandardCharsets.US_ASCII).trim(), 16);
            } catch (NumberFormatException e) {
                throw new MalformedResponse("bad chunk size");
            }
            p = eol + 2;
            if (size == 0) {
                // Optional trailers, then an empty line.
                while (true) {
                    int end = indexOf(buf, p, len, CRLF);
                    if (end < 0) {
                        return null;
                    }
                    if (end == p) {
                        return new Response(status, body.toByteArray(), close, p + 2);
                    }
                    p = end + 2;
                }
            }
            if (len < p + size + 2) {
                return null;
            }
            body.write(buf, p, size);
            p += size + 2;
        }
    }

    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON = {':'};
    private static final byte[] SEMICOLON = {';'};

    private static int indexOf(byte[] buf, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] buf, int at, String prefix) {
        if (buf.length < at + prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (buf[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String value(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.US_ASCII).trim();
    }

    private static int digit(byte b) throws MalformedResponse {
        if (b < '0' || b > '9') {
            throw new MalformedResponse("bad status code");
        }
        return b - '0';
    }
}
