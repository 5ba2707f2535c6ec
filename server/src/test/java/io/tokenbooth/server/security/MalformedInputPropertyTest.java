package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.http.HttpServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 15, defect 2 and checklist item 23, as properties: generated malformed requests (broken encodings, duplicated,
 * oversized and missing parameters, wrong JSON types, deep nesting, garbage bodies, odd headers and query strings) at
 * every endpoint of the route table, public and admin, on a running server. None may answer 5xx or leave the client
 * waiting (every read has a timeout), and afterwards a correct request is still served.
 *
 * <p>Run time is bounded: a fixed number of tries per property, one short-lived connection per try, a 10 s read
 * timeout, bounded shrinking. Requests go over a raw socket so the bytes are exactly what was generated.
 */
@PropertyDefaults(tries = 250, shrinking = ShrinkingMode.BOUNDED)
class MalformedInputPropertyTest {
    private static final int LIMIT = 16384;
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final String ADMIN_TOKEN = "admin-token-for-the-property-test-0123456789";
    private static final String USER = "prop_user";
    private static final String PASSWORD = "lantern-quiet-river-9";
    /** Every parameter name the endpoints read, so generated forms hit real code paths. */
    private static final List<String> PARAMETERS = List.of("client_id", "client_secret", "grant_type", "code",
            "redirect_uri", "code_verifier", "refresh_token", "scope", "resource", "token", "token_type_hint",
            "client_assertion", "client_assertion_type", "response_type", "state", "nonce", "code_challenge",
            "code_challenge_method", "prompt", "max_age", "ui_locales", "login_hint", "response_mode", "request",
            "id_token_hint", "post_logout_redirect_uri", "csrf_token", "username", "password", "decision",
            "access_token", "email");
    /** Every JSON field name the endpoints read (first-party API and admin API). */
    private static final List<String> FIELDS = List.of("username", "password", "email", "refresh_token", "client_id",
            "client_name", "token_endpoint_auth_method", "client_secret", "jwks", "redirect_uris",
            "post_logout_redirect_uris", "grant_types", "scope", "audiences", "web_origins", "first_party",
            "access_token_ttl_seconds", "keys");

    private static TestDatabase db;
    private static TestServer server;
    private static List<HttpServer.Route> routes;
    private static String accessToken;

    @BeforeContainer
    static void start() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        server = TestServer.builder(db).set("admin.token", ADMIN_TOKEN)
                .set("http.max-body-bytes", Integer.toString(LIMIT))
                .set("rate-limit.account-free-failures", "1000").start();
        routes = server.tokenbooth().routes();
        server.signup(USER, PASSWORD);
        accessToken = server.login(USER, PASSWORD).text("access_token");
    }

    @AfterContainer
    static void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    /** After each property: the server still serves a correct request (a login) and is ready. */
    @AfterProperty
    void stillServing() {
        TestServer.Response login = server.login(USER, PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(server.get("/health/ready").status()).isEqualTo(200);
    }

    @Property
    void anyEndpointWhenGarbageBodyThenNo5xx(@ForAll("routes") HttpServer.Route route,
                                             @ForAll("contentTypes") String contentType,
                                             @ForAll("garbage") byte[] body) {
        assertNo5xx(route, "", headers("Content-Type", contentType), body);
    }

    @Property
    void anyEndpointWhenMalformedFormThenNo5xx(@ForAll("routes") HttpServer.Route route,
                                               @ForAll("formContentTypes") String contentType,
                                               @ForAll("forms") String form) {
        assertNo5xx(route, "", headers("Content-Type", contentType), form.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property
    void anyEndpointWhenWrongJsonThenNo5xx(@ForAll("routes") HttpServer.Route route,
                                           @ForAll("authorizations") String authorization,
                                           @ForAll("json") String json) {
        assertNo5xx(route, "", headers("Content-Type", "application/json", "Authorization", authorization),
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void anyEndpointWhenOddHeadersThenNo5xx(@ForAll("routes") HttpServer.Route route,
                                            @ForAll("oddHeaders") List<String> headers,
                                            @ForAll("forms") String form) {
        assertNo5xx(route, "", headers, form.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property
    void anyEndpointWhenMalformedQueryThenNo5xx(@ForAll("routes") HttpServer.Route route,
                                                @ForAll("queries") String query,
                                                @ForAll("oddHeaders") List<String> headers) {
        assertNo5xx(route, query, headers, null);
    }

    private static void assertNo5xx(HttpServer.Route route, String query, List<String> headers, byte[] body) {
        String target = route.path().replace("{clientId}", "some-client") + query;
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(route.method() + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            String value = headers.get(i + 1).replaceAll("[\r\n]", "");
            if (!value.isEmpty() || headers.get(i).equals("Authorization")) {
                head.append(headers.get(i)).append(": ").append(value).append("\r\n");
            }
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            request.writeBytes(body);
        }
        Optional<RawHttp.Answer> answer = RawHttp.raw(server.tokenbooth().port(), request.toByteArray(),
                READ_TIMEOUT_MILLIS);
        answer.ifPresent(a -> {
            assertThat(a.status()).as(route + " " + target + " " + headers + " -> " + a).isLessThan(500);
            Answers.assertNoInternals(a.body());
        });
    }

    private static List<String> headers(String... nameValue) {
        return List.of(nameValue);
    }

    @Provide
    Arbitrary<HttpServer.Route> routes() {
        return Arbitraries.of(routes);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of("application/json", "application/x-www-form-urlencoded", "text/plain",
                "multipart/form-data", "multipart/form-data; boundary=x", "application/octet-stream", "",
                "application/json; charset=utf-16", "application/x-www-form-urlencoded; charset=ebcdic", ";", "*/*",
                "application/jwt", "application/x-www-form-urlencoded; charset", "application/json;charset=\""),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> formContentTypes() {
        return Arbitraries.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
                "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded; charset=ISO-8859-1",
                "application/x-www-form-urlencoded; charset=ebcdic", "application/x-www-form-urlencoded; charset=\"utf-8\"",
                "application/x-www-form-urlencoded;;charset=;");
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(LIMIT + 1).ofMaxSize(4 * LIMIT)));
    }

    /** Form bodies: known and unknown names, repeated or missing, values badly percent-encoded, huge or raw bytes. */
    @Provide
    Arbitrary<String> forms() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(PARAMETERS)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)),
                Tuple.of(1, Arbitraries.of("%", "%zz", "%C3%28", "%00", "client_id%", "+", "", "=", "&")));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().ofMaxLength(40)),
                Tuple.of(3, Arbitraries.of("web", "code", "openid", "S256", "none", "allow", "authorization_code",
                        "refresh_token", "client_credentials", "http://127.0.0.1/cb", "", USER, PASSWORD)),
                Tuple.of(3, Arbitraries.of("%", "%zz", "%C3%28", "%ED%A0%80", "%FF%FE", "%00", "%%%", "%2", "a%2",
                        "%E2%82", "+%+", "\u00ff\u00fe", "a=b=c", "\r\n")),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(5000).ofMaxLength(20000)));
        Arbitrary<String> pair = Combinators.combine(name, value).as((n, v) -> n + "=" + v);
        return pair.list().ofMaxSize(12).map(pairs -> String.join("&", pairs));
    }

    /** JSON: known fields with values of every type, deep nesting, duplicates, and not-quite-JSON. */
    @Provide
    Arbitrary<String> json() {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.of("null", "true", "false", "0", "-1", "1e999",
                "12345678901234567890123456789", "\"\"", "\"web\"", "\"" + USER + "\"", "\"" + PASSWORD + "\"",
                "\"\\ud800\"", "\"\\u0000\"", "[]", "{}", "[\"http://127.0.0.1/cb\"]", "{\"keys\":[{}]}"),
                Arbitraries.strings().ofMaxLength(30).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        Arbitrary<String> nested = Arbitraries.integers().between(1, 3000).map(d -> "[".repeat(d) + "]".repeat(d));
        Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(8, scalar), Tuple.of(1, nested),
                Tuple.of(1, Arbitraries.integers().between(1, 3000).map(d -> "{\"a\":".repeat(d) + "1" + "}".repeat(d))));
        Arbitrary<String> field = Combinators.combine(Arbitraries.of(FIELDS), value)
                .as((f, v) -> "\"" + f + "\":" + v);
        Arbitrary<String> object = field.list().ofMaxSize(8).map(fs -> "{" + String.join(",", fs) + "}");
        return Arbitraries.frequencyOf(Tuple.of(6, object), Tuple.of(1, value),
                Tuple.of(1, object.map(o -> o.substring(0, o.length() / 2))),
                Tuple.of(1, object.map(o -> o + o)));
    }

    @Provide
    Arbitrary<String> authorizations() {
        return Arbitraries.oneOf(Arbitraries.of("", "Bearer", "Bearer ", "Bearer " + ADMIN_TOKEN,
                        "Basic !!!", "Basic " + b64(":"), "Basic " + b64("web"), "Basic " + b64("web:%zz"),
                        "bearer  x", "Bearer a.b.c", "Bearer ..", "DPoP x", "Bearer " + "A".repeat(6000)),
                Arbitraries.just(accessToken).map(t -> "Bearer " + t),
                Arbitraries.strings().ofMaxLength(80).map(s -> "Bearer " + s.replaceAll("[\\r\\n]", "")));
    }

    /** Odd header combinations: name, value pairs (an empty value leaves the header out). */
    @Provide
    Arbitrary<List<String>> oddHeaders() {
        Arbitrary<String> cookie = Arbitraries.oneOf(Arbitraries.of("", "tokenbooth_session=", "tokenbooth_session=%zz",
                "tokenbooth_csrf=x; tokenbooth_csrf=y", "=;=;;", "tokenbooth_session=" + "s".repeat(4000),
                "tokenbooth_session=\u00e9\u00e8", "tokenbooth_csrf=\"unterminated"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(60).map(s -> "tokenbooth_session=" + s));
        Arbitrary<String> language = Arbitraries.oneOf(Arbitraries.of("", "*", "*;q=abc", "en-US;q=1.5", "ko,,,;",
                "zz-ZZZZZZZZZZZZ", "x".repeat(500), "en;q=0.5, ko;q=0.9, *;q=", "-", ";q=1", "\u00e9"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40));
        Arbitrary<String> contentType = contentTypes();
        Arbitrary<String> origin = Arbitraries.of("", "null", "http://evil.example", "%zz", "http://[::1", "*");
        Arbitrary<String> forwarded = Arbitraries.of("", "1.2.3.4", ",,,", "x".repeat(100), "::1, ::2");
        Arbitrary<String> other = Arbitraries.of("", "gzip", "deflate", "br", "\u00ff");
        return Combinators.combine(authorizations(), cookie, language, contentType, origin, forwarded, other)
                .as((auth, c, lang, ct, o, xff, enc) -> {
                    List<String> h = new ArrayList<>(List.of("Authorization", auth, "Cookie", c,
                            "Accept-Language", lang, "Content-Type", ct, "Origin", o, "X-Forwarded-For", xff,
                            "Content-Encoding", enc));
                    return h;
                });
    }

    @Provide
    Arbitrary<String> queries() {
        return forms().map(f -> "?" + f.replace(" ", "%20").replaceAll("[\\r\\n#\\u0080-\\uffff]", "%C3%28"));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
