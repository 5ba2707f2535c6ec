package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed, wrongly typed and oversized input on the JSON endpoints (checklist item 23): every answer is a 4xx with a
 * JSON {@code {error, error_description}} body, never a 5xx or a stack trace, and a refused request writes nothing.
 * Requests go over a raw socket so that the bytes, Content-Type and framing are exactly what the case says. H2 only.
 */
class BadInputTest {
    private static final String JSON = "application/json";
    private static final String PASSWORD = "lantern-quiet-river-9";
    private static final int MAX_BODY = 16384;

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("rate-limit.account-free-failures", "1000");

    /** One bad request: what is sent and the answer expected. */
    record Case(String name, String path, String contentType, byte[] body, int status, String error) {
        @Override
        public String toString() {
            return path + ": " + name;
        }
    }

    private static Case c(String name, String path, String body, int status, String error) {
        return new Case(name, path, JSON, body.getBytes(StandardCharsets.UTF_8), status, error);
    }

    /** Bad bodies every JSON endpoint refuses the same way, built around a valid body for that endpoint. */
    private static List<Case> common(String path, String validBody) {
        String inner = validBody.substring(1, validBody.length() - 1);
        String firstField = inner.substring(0, inner.indexOf(':'));
        List<Case> cases = new ArrayList<>(List.of(
                c("malformed JSON", path, "{" + inner.substring(0, inner.length() / 2), 400, "invalid_request"),
                c("empty body", path, "", 400, "invalid_request"),
                c("whitespace body", path, "  \n ", 400, "invalid_request"),
                c("JSON array body", path, "[" + validBody + "]", 400, "invalid_request"),
                c("empty JSON array", path, "[]", 400, "invalid_request"),
                c("null body", path, "null", 400, "invalid_request"),
                c("string body", path, "\"" + inner.replace("\"", "'") + "\"", 400, "invalid_request"),
                c("number body", path, "42", 400, "invalid_request"),
                c("trailing content", path, validBody + " " + validBody, 400, "invalid_request"),
                c("trailing garbage", path, validBody + "x", 400, "invalid_request"),
                c("missing fields", path, "{}", 400, "invalid_request"),
                c("unknown field", path, "{" + inner + ",\"admin\":true}", 400, "invalid_request"),
                c("duplicate field", path, "{" + inner + "," + firstField + ":\"other\"}", 400, "invalid_request"),
                c("deeply nested JSON", path, "{" + firstField + ":" + "[".repeat(5000) + "]".repeat(5000) + "}", 400,
                        "invalid_request"),
                c("nested objects", path, "{\"a\":".repeat(2000) + "1" + "}".repeat(2000), 400, "invalid_request"),
                c("huge number", path, "{" + firstField + ":1" + "0".repeat(2000) + "}", 400, "invalid_request"),
                c("single quotes", path, validBody.replace('"', '\''), 400, "invalid_request"),
                c("comment", path, "/* hi */" + validBody, 400, "invalid_request"),
                new Case("invalid UTF-8", path, JSON, invalidUtf8(validBody), 400, "invalid_request"),
                new Case("text/plain", path, "text/plain", validBody.getBytes(StandardCharsets.UTF_8), 415,
                        "invalid_request"),
                new Case("form encoded", path, "application/x-www-form-urlencoded",
                        "username=a&password=b".getBytes(StandardCharsets.UTF_8), 415, "invalid_request"),
                new Case("no Content-Type", path, null, validBody.getBytes(StandardCharsets.UTF_8), 415,
                        "invalid_request")));
        return cases;
    }

    private static byte[] invalidUtf8(String validBody) {
        byte[] b = validBody.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 2];
        int quote = validBody.indexOf(":\"") + 2;
        System.arraycopy(b, 0, out, 0, quote);
        out[quote] = (byte) 0xC3;
        out[quote + 1] = (byte) 0x28;
        System.arraycopy(b, quote, out, quote + 2, b.length - quote);
        return out;
    }

    private static String credentials(String username, String password) {
        return TestServer.json(java.util.Map.of("username", username, "password", password));
    }

    static List<Case> signupCases(String username) {
        String valid = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}";
        String p = "/api/v1/signup";
        List<Case> cases = new ArrayList<>(common(p, valid));
        cases.addAll(List.of(
                c("username missing", p, "{\"password\":\"" + PASSWORD + "\"}", 400, "invalid_request"),
                c("password missing", p, "{\"username\":\"" + username + "\"}", 400, "invalid_request"),
                c("username null", p, "{\"username\":null,\"password\":\"" + PASSWORD + "\"}", 400, "invalid_request"),
                c("password null", p, "{\"username\":\"" + username + "\",\"password\":null}", 400, "invalid_request"),
                c("username is a number", p, "{\"username\":12345,\"password\":\"" + PASSWORD + "\"}", 400,
                        "invalid_request"),
                c("username is an array", p,
                        "{\"username\":[\"" + username + "\"],\"password\":\"" + PASSWORD + "\"}", 400,
                        "invalid_request"),
                c("password is an object", p,
                        "{\"username\":\"" + username + "\",\"password\":{\"v\":\"" + PASSWORD + "\"}}", 400,
                        "invalid_request"),
                c("password is a boolean", p, "{\"username\":\"" + username + "\",\"password\":true}", 400,
                        "invalid_request"),
                c("password is a number", p, "{\"username\":\"" + username + "\",\"password\":1234567890123}", 400,
                        "invalid_request"),
                c("email is a number", p, valid.replace("}", ",\"email\":5}"), 400, "invalid_request"),
                c("email without @", p, valid.replace("}", ",\"email\":\"nobody\"}"), 400, "invalid_request"),
                c("username 65 characters", p, credentials(username + "x".repeat(65 - username.length()), PASSWORD),
                        400, "invalid_request"),
                c("password 257 code points", p, credentials(username, "\uD83D\uDE00".repeat(257)), 400,
                        "invalid_request"),
                c("password 7 characters", p, credentials(username, "k9#Lm2q"), 400, "invalid_request"),
                c("username 10 KB", p, credentials(username + "y".repeat(10_240), PASSWORD), 400, "invalid_request"),
                c("password 10 KB", p, credentials(username, "p".repeat(10_240)), 400, "invalid_request"),
                c("email 10 KB", p, valid.replace("}", ",\"email\":\"" + "e".repeat(10_240) + "@example.com\"}"), 400,
                        "invalid_request"),
                c("username with NUL", p, credentials(username + "\u0000", PASSWORD), 400, "invalid_request"),
                c("password with NUL", p, credentials(username, PASSWORD + "\u0000"), 400, "invalid_request"),
                c("username with newline", p, credentials(username + "\n", PASSWORD), 400, "invalid_request")));
        return cases;
    }

    static Stream<Case> signup() {
        return signupCases("phantom").stream();
    }

    static Stream<Case> login() {
        String p = "/api/v1/login";
        String u = "phantom_login";
        List<Case> cases = new ArrayList<>(common(p, credentials(u, PASSWORD)));
        cases.addAll(List.of(
                c("username missing", p, "{\"password\":\"" + PASSWORD + "\"}", 400, "invalid_request"),
                c("password null", p, "{\"username\":\"" + u + "\",\"password\":null}", 400, "invalid_request"),
                c("username is a number", p, "{\"username\":12345,\"password\":\"" + PASSWORD + "\"}", 400,
                        "invalid_request"),
                c("password is an object", p, "{\"username\":\"" + u + "\",\"password\":{}}", 400, "invalid_request"),
                c("password is a boolean", p, "{\"username\":\"" + u + "\",\"password\":false}", 400,
                        "invalid_request"),
                c("username 65 characters", p, credentials("u".repeat(65), PASSWORD), 400, "invalid_grant"),
                c("username 256 characters", p, credentials("u".repeat(256), PASSWORD), 400, "invalid_grant"),
                c("username 257 characters", p, credentials("u".repeat(257), PASSWORD), 400, "invalid_grant"),
                c("username 20 characters that NFKC expands 18-fold", p, credentials("\uFDFA".repeat(20), PASSWORD),
                        400, "invalid_grant"),
                c("username 10 KB", p, credentials("u".repeat(10_240), PASSWORD), 400, "invalid_grant"),
                c("password 10 KB", p, credentials(u, "p".repeat(10_240)), 400, "invalid_grant"),
                c("password 257 code points", p, credentials(u, "\uD83D\uDE00".repeat(257)), 400, "invalid_grant")));
        return cases.stream();
    }

    static Stream<Case> refreshAndLogout() {
        List<Case> cases = new ArrayList<>();
        for (String p : List.of("/api/v1/refresh", "/api/v1/logout")) {
            cases.addAll(common(p, "{\"refresh_token\":\"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\"}"));
            cases.addAll(List.of(
                    c("refresh_token is a boolean", p, "{\"refresh_token\":true}", 400, "invalid_request"),
                    c("refresh_token is a number", p, "{\"refresh_token\":123456}", 400, "invalid_request"),
                    c("refresh_token is an object", p, "{\"refresh_token\":{\"t\":\"x\"}}", 400, "invalid_request"),
                    c("refresh_token null", p, "{\"refresh_token\":null}", 400, "invalid_request"),
                    c("refresh_token empty", p, "{\"refresh_token\":\"\"}", 400, "invalid_request"),
                    c("camelCase field", p, "{\"refreshToken\":\"abc\"}", 400, "invalid_request")));
        }
        cases.add(c("refresh_token 10 KB", "/api/v1/refresh", "{\"refresh_token\":\"" + "r".repeat(10_240) + "\"}", 400,
                "invalid_grant"));
        return cases.stream();
    }

    private RawHttp.Answer send(Case c) {
        return c.contentType() == null
                ? RawHttp.request(app.server().tokenbooth().port(), "POST", c.path(), c.body())
                : RawHttp.request(app.server().tokenbooth().port(), "POST", c.path(), c.body(),
                        "Content-Type", c.contentType());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("signup")
    void signupWhenBadInputThen4xxJsonError(Case c) {
        Answers.assertError(send(c), c.status(), c.error());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("login")
    void loginWhenBadInputThen4xxJsonError(Case c) {
        Answers.assertError(send(c), c.status(), c.error());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refreshAndLogout")
    void refreshAndLogoutWhenBadInputThen4xxJsonError(Case c) {
        Answers.assertError(send(c), c.status(), c.error());
    }

    @Test
    void signupWhenRejectedThenUsernameStillFree() {
        String name = "vacant_name";
        for (Case c : signupCases(name)) {
            RawHttp.Answer r = send(c);
            assertThat(r.status()).as(c + " -> " + r).isBetween(400, 499);
            assertThat(app.server().tokenbooth().services().accounts.find(name)).as("account after " + c).isEmpty();
        }
        TestServer.Response ok = app.server().postJson("/api/v1/signup", credentials(name, PASSWORD));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(app.server().login(name, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void refreshWhenBadBodyCarriesRealTokenThenTokenNotSpent() {
        app.server().signup("holder_one", PASSWORD);
        String token = app.server().login("holder_one", PASSWORD).text("refresh_token");
        String inner = "\"refresh_token\":\"" + token + "\"";
        List<Case> bad = List.of(
                c("unknown field", "/api/v1/refresh", "{" + inner + ",\"x\":1}", 400, "invalid_request"),
                c("duplicate field", "/api/v1/refresh", "{" + inner + "," + inner + "}", 400, "invalid_request"),
                c("trailing content", "/api/v1/refresh", "{" + inner + "}{}", 400, "invalid_request"),
                new Case("text/plain", "/api/v1/refresh", "text/plain",
                        ("{" + inner + "}").getBytes(StandardCharsets.UTF_8), 415, "invalid_request"),
                c("logout unknown field", "/api/v1/logout", "{" + inner + ",\"x\":1}", 400, "invalid_request"),
                c("logout duplicate field", "/api/v1/logout", "{" + inner + "," + inner + "}", 400, "invalid_request"),
                new Case("logout text/plain", "/api/v1/logout", "text/plain",
                        ("{" + inner + "}").getBytes(StandardCharsets.UTF_8), 415, "invalid_request"));
        for (Case c : bad) {
            Answers.assertError(send(c), c.status(), c.error());
        }
        TestServer.Response r = app.server().refresh(token);
        assertThat(r.status()).as("the token survived every refused request: " + r).isEqualTo(200);
    }

    @Test
    void logoutWhenRefreshToken10KbThen204AndNothingHappens() {
        // Like RFC 7009 §2.2, logout answers 204 for any token it does not know, including absurd ones.
        app.server().signup("holder_two", PASSWORD);
        String token = app.server().login("holder_two", PASSWORD).text("refresh_token");
        RawHttp.Answer r = RawHttp.request(app.server().tokenbooth().port(), "POST", "/api/v1/logout",
                ("{\"refresh_token\":\"" + token + "r".repeat(10_240) + "\"}").getBytes(StandardCharsets.UTF_8),
                "Content-Type", JSON);
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
        assertThat(app.server().refresh(token).status()).isEqualTo(200);
    }

    // ---- size limits (http.max-body-bytes, default 16384) -------------------------------------------------------

    private static byte[] bodyOfSize(int size) {
        String head = "{\"username\":\"";
        String tail = "\",\"password\":\"" + PASSWORD + "\"}";
        return (head + "z".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/api/v1/signup", "/api/v1/login", "/api/v1/refresh", "/api/v1/logout"})
    void postWhenBodyOverLimitWithContentLengthThen413(String path) {
        RawHttp.Answer r = RawHttp.request(app.server().tokenbooth().port(), "POST", path, bodyOfSize(MAX_BODY + 1),
                "Content-Type", JSON);
        Answers.assertError(r, 413, "invalid_request");
        RawHttp.Answer huge = RawHttp.request(app.server().tokenbooth().port(), "POST", path, bodyOfSize(1024 * 1024),
                "Content-Type", JSON);
        Answers.assertError(huge, 413, "invalid_request");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/api/v1/signup", "/api/v1/login", "/api/v1/refresh", "/api/v1/logout"})
    void postWhenChunkedBodyOverLimitWithoutContentLengthThen413(String path) {
        int port = app.server().tokenbooth().port();
        RawHttp.Answer r = RawHttp.postChunked(port, path, JSON, bodyOfSize(MAX_BODY + 1), 4096);
        Answers.assertError(r, 413, "invalid_request");
        RawHttp.Answer huge = RawHttp.postChunked(port, path, JSON, bodyOfSize(256 * 1024), 8192);
        Answers.assertError(huge, 413, "invalid_request");
    }

    @Test
    void signupWhenBodyExactlyAtLimitThenParsedNot413() {
        // 16384 bytes is allowed: it is refused for its 16 KB username (400), not for its size.
        RawHttp.Answer plain = RawHttp.request(app.server().tokenbooth().port(), "POST", "/api/v1/signup",
                bodyOfSize(MAX_BODY), "Content-Type", JSON);
        Answers.assertError(plain, 400, "invalid_request");
        RawHttp.Answer chunked = RawHttp.postChunked(app.server().tokenbooth().port(), "/api/v1/signup", JSON,
                bodyOfSize(MAX_BODY), 1000);
        Answers.assertError(chunked, 400, "invalid_request");
    }
}
