package io.tokenbooth.server.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The relying party's side of the browser flows: a tiny JDK HTTP server on 127.0.0.1 (a free port) with the
 * client's redirect URI ({@code /callback}) and its post-logout redirect URI ({@code /signed-out}). Records every
 * request the browser makes to them, with its raw query, and answers a small HTML page.
 */
final class CallbackServer implements AutoCloseable {
    /** One request that arrived at {@code /callback} or {@code /signed-out}. */
    record Hit(String path, String rawQuery) {
        Map<String, String> params() {
            return query(rawQuery);
        }

        URI uri(CallbackServer server) {
            return URI.create(server.base + path + (rawQuery == null ? "" : "?" + rawQuery));
        }
    }

    private final HttpServer http;
    private final BlockingQueue<Hit> hits = new LinkedBlockingQueue<>();
    final String base;

    private CallbackServer(HttpServer http) {
        this.http = http;
        this.base = "http://127.0.0.1:" + http.getAddress().getPort();
    }

    static CallbackServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        CallbackServer server = new CallbackServer(http);
        http.createContext("/callback", ex -> server.record(ex, "Back at the client"));
        http.createContext("/signed-out", ex -> server.record(ex, "Signed out at the client"));
        http.start();
        return server;
    }

    String redirectUri() {
        return base + "/callback";
    }

    String postLogoutRedirectUri() {
        return base + "/signed-out";
    }

    /** The next request that arrived (waiting up to 10 s for it); fails the test if none came. */
    Hit next() {
        try {
            Hit h = hits.poll(10, TimeUnit.SECONDS);
            if (h == null) {
                throw new AssertionError("the browser never reached the client's " + base + "/callback or /signed-out");
            }
            return h;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether no request arrived since the last {@link #next()}. */
    boolean nothingArrived() {
        return hits.isEmpty();
    }

    private void record(HttpExchange ex, String title) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            if (!path.equals("/callback") && !path.equals("/signed-out")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            hits.add(new Hit(path, ex.getRequestURI().getRawQuery()));
            byte[] body = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                    + "</title></head><body><h1 id=\"client-page\">" + title + "</h1></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> m = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.put(k, v);
            }
        }
        return m;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
