package io.tokenbooth.server.admin;

import static io.tokenbooth.server.admin.AdminHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin API for registered APIs over real HTTP on an embedded H2 database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApisApiTest {
    private static final String APIS = "/admin/api/v1/apis";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("admin.token", AdminClientsApiTest.TOKEN);

    private AdminHttp admin;

    @BeforeAll
    void start() {
        admin = new AdminHttp(app.server(), AdminClientsApiTest.TOKEN);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private TestServer.Response create(String name, String audience, String scope) {
        return admin.post(APIS, TestServer.json(Map.of("name", name, "audience", audience, "scope", scope)));
    }

    @Test
    void createReadListDeleteRoundTrip() {
        String u = unique();
        TestServer.Response created = admin.post(APIS, TestServer.json(Map.of("name", "wallet-" + u,
                "audience", "http://127.0.0.1:8081/" + u, "scope", "w" + u + ":read w" + u + ":write",
                "access_token_ttl_seconds", 600)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).contains(APIS + "/wallet-" + u);
        assertThat(created.header("Cache-Control")).contains("no-store");
        JsonNode body = created.json();
        assertThat(body.get("audience").asText()).isEqualTo("http://127.0.0.1:8081/" + u);
        assertThat(body.get("scope").asText()).isEqualTo("w" + u + ":read w" + u + ":write");
        assertThat(body.get("access_token_ttl_seconds").asInt()).isEqualTo(600);

        TestServer.Response read = admin.get(APIS + "/wallet-" + u);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(body);
        assertThat(admin.get(APIS).json().get("apis").findValuesAsText("name")).contains("wallet-" + u);

        assertThat(admin.delete(APIS + "/wallet-" + u, true).status()).isEqualTo(204);
        assertError(admin.get(APIS + "/wallet-" + u), 404, "not_found");
        assertError(admin.delete(APIS + "/wallet-" + u, true), 404, "not_found");
        assertThat(admin.get(APIS).json().get("apis").findValuesAsText("name")).doesNotContain("wallet-" + u);
    }

    @Test
    void withoutTheAdminCredentialThenRefused() {
        assertError(admin.as(null).get(APIS), 401, "invalid_token");
        assertError(admin.as("wrong").post(APIS, "{}"), 401, "invalid_token");
        assertError(admin.as("wrong").get(APIS + "/x"), 401, "invalid_token");
        assertError(admin.as("wrong").delete(APIS + "/x", true), 401, "invalid_token");
    }

    @Test
    void createWhenNameAudienceOrScopeTakenThenConflict() {
        String u = unique();
        assertThat(create("a-" + u, "https://a" + u + ".example.com", "a" + u + ":read").status()).isEqualTo(201);
        assertError(create("a-" + u, "https://other" + u + ".example.com", "o" + u), 409, "invalid_request");
        assertError(create("b-" + u, "https://a" + u + ".example.com", "b" + u), 409, "invalid_request");
        assertError(create("c-" + u, "https://c" + u + ".example.com", "c" + u + " a" + u + ":read"), 409,
                "invalid_request");
        assertError(admin.get(APIS + "/c-" + u), 404, "not_found");
    }

    @Test
    void createWhenAbusiveThenBadRequest() {
        String u = unique();
        String audience = "https://x" + u + ".example.com";
        // Names like client ids.
        assertError(create("", audience, "s" + u), 400, "invalid_request");
        assertError(create("bad name", audience, "s" + u), 400, "invalid_request");
        assertError(create("n".repeat(129), audience, "s" + u), 400, "invalid_request");
        assertError(admin.post(APIS, TestServer.json(Map.of("audience", audience, "scope", "s" + u))), 400,
                "invalid_request");
        // Audiences: absolute URIs without fragment, bounded.
        assertError(create("n" + u, "/relative", "s" + u), 400, "invalid_request");
        assertError(create("n" + u, "https://x.example.com/#frag", "s" + u), 400, "invalid_request");
        assertError(create("n" + u, "https://x.example.com/ bad", "s" + u), 400, "invalid_request");
        assertError(create("n" + u, "https://x.example.com/" + "a".repeat(600), "s" + u), 400, "invalid_request");
        assertError(admin.post(APIS, TestServer.json(Map.of("name", "n" + u, "scope", "s" + u))), 400,
                "invalid_request");
        // Scopes: at least one, at most 32, each a bounded scope token, none reserved.
        assertError(create("n" + u, audience, " "), 400, "invalid_request");
        assertError(admin.post(APIS, TestServer.json(Map.of("name", "n" + u, "audience", audience))), 400,
                "invalid_request");
        String many = IntStream.range(0, 33).mapToObj(i -> "s" + u + ":" + i).collect(Collectors.joining(" "));
        assertError(create("n" + u, audience, many), 400, "invalid_request");
        assertError(create("n" + u, audience, "s".repeat(129)), 400, "invalid_request");
        assertError(create("n" + u, audience, "bad\"quote"), 400, "invalid_request");
        for (String reserved : new String[] {"openid", "profile", "email", "offline_access", "api"}) {
            assertError(create("n" + u, audience, "s" + u + " " + reserved), 400, "invalid_request");
        }
        // Lifetimes like a client's.
        assertError(admin.post(APIS, TestServer.json(Map.of("name", "n" + u, "audience", audience, "scope", "s" + u,
                "access_token_ttl_seconds", 5))), 400, "invalid_request");
        assertError(admin.post(APIS, TestServer.json(Map.of("name", "n" + u, "audience", audience, "scope", "s" + u,
                "access_token_ttl_seconds", 86_401))), 400, "invalid_request");
        assertError(admin.post(APIS, "{\"name\": [1]}"), 400, "invalid_request");
        assertError(admin.get(APIS + "/n" + u), 404, "not_found");
    }
}
