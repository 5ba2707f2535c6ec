package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.http.HttpServer;
import io.tokenbooth.server.testing.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, defect 2: no endpoint takes {@code multipart/form-data}; it is refused with 415 before any of the body is
 * read, so nothing is spooled to the temporary directory whatever the size. An unknown or malformed charset in
 * Content-Type is 400, and the body limit holds for chunked bodies too. The server's {@code java.io.tmpdir} is a fresh
 * folder for this class, so any file written there is one the server wrote.
 */
class MultipartAndCharsetTest {
    private static final int LIMIT = 16384;
    private static final String BOUNDARY = "----tokenbooth-test-boundary";
    private static final String ORIGINAL_TMPDIR = System.getProperty("java.io.tmpdir");
    private static final Path TMPDIR = freshTmpdir();
    /** The endpoints that read forms in the browser flows (RP-initiated logout, authorization, its forms). */
    private static final List<String> BROWSER_POSTS = List.of("/oauth2/authorize", "/oauth2/authorize/login",
            "/oauth2/authorize/consent", "/oauth2/logout", "/oauth2/logout/confirm");

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("http.max-body-bytes", Integer.toString(LIMIT));

    @AfterAll
    static void restoreTmpdir() {
        System.setProperty("java.io.tmpdir", ORIGINAL_TMPDIR);
    }

    private static Path freshTmpdir() {
        try {
            Path dir = Files.createTempDirectory("tokenbooth-multipart-test");
            System.setProperty("java.io.tmpdir", dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyPostEndpointWhenMultipartSeveralTimesTheLimitThen415AndNoFileWritten() throws Exception {
        List<String> others = app.server().tokenbooth().routes().stream().filter(r -> r.method().equals("POST"))
                .map(HttpServer.Route::path).map(p -> p.replace("{clientId}", "some-client"))
                .filter(p -> !BROWSER_POSTS.contains(p)).toList();
        List<String> posts = new java.util.ArrayList<>(BROWSER_POSTS);
        posts.addAll(others);
        assertThat(others).contains("/oauth2/token", "/api/v1/login", "/admin/api/v1/clients");
        for (String path : posts) {
            Set<Path> before = files();
            // Files the server creates and deletes within the request show up as events even when gone by the end.
            WatchService watch = TMPDIR.getFileSystem().newWatchService();
            TMPDIR.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            byte[] body = multipart(5 * LIMIT, true);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                    + BOUNDARY + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            // Send the first half, look at the temporary directory while the server would be spooling, then the rest.
            try (Socket s = connect()) {
                OutputStream out = s.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, body.length / 2);
                out.flush();
                // Wait for a file to appear while the server would be spooling (an event ends the wait at once).
                WatchKey early = watch.poll(500, TimeUnit.MILLISECONDS);
                assertThat(early == null ? List.of() : early.pollEvents().stream().map(e -> e.context().toString()).toList())
                        .as("files created in java.io.tmpdir during a multipart POST to " + path).isEmpty();
                assertThat(files()).as("files in java.io.tmpdir during a multipart POST to " + path)
                        .containsExactlyInAnyOrderElementsOf(before);
                try {
                    out.write(body, body.length / 2, body.length - body.length / 2);
                    out.flush();
                } catch (SocketException e) {
                    // refused before the body was read: the server may close early
                }
                String answer = readAll(s.getInputStream());
                assertThat(answer).as("POST " + path).startsWith("HTTP/1.1 415");
            }
            assertThat(files()).as("files in java.io.tmpdir after a multipart POST to " + path)
                    .containsExactlyInAnyOrderElementsOf(before);
            WatchKey key = watch.poll(200, TimeUnit.MILLISECONDS);
            assertThat(key == null ? List.of() : key.pollEvents().stream().map(e -> e.context().toString()).toList())
                    .as("files created in java.io.tmpdir during a multipart POST to " + path).isEmpty();
            watch.close();
        }
    }

    @Test
    void browserEndpointsWhenTruncatedMultipartThen4xx() {
        byte[] body = multipart(2000, false);
        for (String path : BROWSER_POSTS) {
            RawHttp.Answer r = RawHttp.request(port(), "POST", path, body,
                    "Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
            Answers.assertError(r, 415, "invalid_request");
        }
    }

    @Test
    void browserEndpointsWhenUnknownCharsetThen400() {
        byte[] form = "client_id=web&response_type=code&csrf_token=x".getBytes(StandardCharsets.US_ASCII);
        for (String contentType : List.of("application/x-www-form-urlencoded; charset=ebcdic",
                "application/x-www-form-urlencoded; charset", "application/x-www-form-urlencoded; charset=",
                "application/x-www-form-urlencoded; charset=\"\"", "application/x-www-form-urlencoded; charset=ü")) {
            for (String path : BROWSER_POSTS) {
                Answers.assertError(RawHttp.request(port(), "POST", path, form, "Content-Type", contentType), 400,
                        "invalid_request");
            }
            for (String path : List.of("/oauth2/authorize?client_id=web", "/oauth2/logout?state=x")) {
                Answers.assertError(RawHttp.request(port(), "GET", path, null, "Content-Type", contentType), 400,
                        "invalid_request");
            }
        }
    }

    @Test
    void browserEndpointsWhenChunkedFormOverTheLimitThen413() {
        byte[] form = ("state=" + "s".repeat(3 * LIMIT)).getBytes(StandardCharsets.US_ASCII);
        for (String path : BROWSER_POSTS) {
            Answers.assertError(RawHttp.postChunked(port(), path, "application/x-www-form-urlencoded", form, 4096), 413,
                    "invalid_request");
        }
    }

    @Test
    void authorizeWhenFormInUtf8ThenStillServed() {
        RawHttp.Answer r = RawHttp.request(port(), "POST", "/oauth2/authorize",
                "client_id=nobody&response_type=code".getBytes(StandardCharsets.US_ASCII),
                "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    }

    private static byte[] multipart(int fileBytes, boolean complete) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\nweb\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes("x".repeat(fileBytes).getBytes(StandardCharsets.ISO_8859_1));
        if (complete) {
            b.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return b.toByteArray();
    }

    private static Set<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(TMPDIR)) {
            return all.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
    }

    private static int port() {
        return app.server().tokenbooth().port();
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
        s.setSoTimeout(30_000);
        return s;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            in.transferTo(b);
        } catch (SocketException e) {
            // reset after the answer
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
