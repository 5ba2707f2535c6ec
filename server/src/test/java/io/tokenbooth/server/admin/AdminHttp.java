package io.tokenbooth.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenbooth.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls to the admin API of a {@link TestServer} over real HTTP, with or without a credential. */
final class AdminHttp {
    static final String CLIENTS = "/admin/api/v1/clients";
    private final TestServer server;
    private final String token;

    AdminHttp(TestServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** The same server with another credential ({@code null}: no Authorization header at all). */
    AdminHttp as(String otherToken) {
        return new AdminHttp(server, otherToken);
    }

    private String[] auth(String... more) {
        List<String> h = new ArrayList<>();
        if (token != null) {
            h.add("Authorization");
            h.add("Bearer " + token);
        }
        h.addAll(List.of(more));
        return h.toArray(String[]::new);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url(path)));
    }

    TestServer.Response get(String path) {
        return server.send(request(path).GET(), auth());
    }

    TestServer.Response post(String path, String json) {
        return server.send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)),
                auth("Content-Type", "application/json"));
    }

    TestServer.Response delete(String path, boolean unused) {
        return server.send(request(path).DELETE(), auth());
    }

    TestServer.Response list() {
        return server.send(request(CLIENTS).GET(), auth());
    }

    TestServer.Response create(String json) {
        return server.send(request(CLIENTS).POST(HttpRequest.BodyPublishers.ofString(json)),
                auth("Content-Type", "application/json"));
    }

    TestServer.Response createWithoutContentType(String json) {
        return server.send(request(CLIENTS).POST(HttpRequest.BodyPublishers.ofString(json)), auth());
    }

    TestServer.Response read(String clientId) {
        return server.send(request(CLIENTS + "/" + clientId).GET(), auth());
    }

    TestServer.Response delete(String clientId) {
        return server.send(request(CLIENTS + "/" + clientId).DELETE(), auth());
    }

    TestServer.Response rotate(String clientId) {
        return server.send(request(CLIENTS + "/" + clientId + "/secret").POST(HttpRequest.BodyPublishers.noBody()), auth());
    }

    /** Every endpoint of the admin API, each once, against {@code clientId}. */
    List<TestServer.Response> everyEndpoint(String clientId) {
        return List.of(list(), create("{\"client_id\":\"" + clientId + "-new\"}"), read(clientId), rotate(clientId),
                delete(clientId));
    }

    /** An error answer: the status, a JSON body of exactly {@code error} and {@code error_description}, no-store. */
    static JsonNode assertError(TestServer.Response r, int status, String error) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as("content type of " + r).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = r.json();
        assertThat(body.isObject()).as(r.toString()).isTrue();
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(r.toString()).containsExactlyInAnyOrder("error", "error_description");
        assertThat(body.get("error").asText()).as(r.toString()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).as(r.toString()).isNotBlank();
        assertThat(r.header("Cache-Control")).contains("no-store");
        return body;
    }

    /**
     * Sends {@code GET /admin/api/v1/clients} once per credential, all on ONE new HTTP/1.1 connection (pipelined, the
     * last with {@code Connection: close}), and returns the status codes in order. Its own socket, so it shares no
     * connection with the {@link java.net.http.HttpClient} other tests use.
     */
    static List<Integer> statusesOnOneConnection(TestServer server, String... credentials) {
        int port = URI.create(server.url("/")).getPort();
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < credentials.length; i++) {
            requests.append("GET ").append(CLIENTS).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n")
                    .append("Authorization: Bearer ").append(credentials[i]).append("\r\n")
                    .append(i == credentials.length - 1 ? "Connection: close\r\n" : "").append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            List<Integer> statuses = new ArrayList<>();
            Matcher m = Pattern.compile("HTTP/1\\.1 (\\d{3}) ").matcher(all);
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            return statuses;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
