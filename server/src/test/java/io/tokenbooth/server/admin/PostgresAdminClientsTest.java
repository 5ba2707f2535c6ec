package io.tokenbooth.server.admin;

import static io.tokenbooth.server.admin.AdminHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import io.tokenbooth.server.token.OpaqueTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin create / read / delete round trip on PostgreSQL (skipped when it is unreachable, unless CI=true). */
class PostgresAdminClientsTest {

    @Test
    void createReadListDeleteRoundTripOnPostgres() {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
             TestServer server = TestServer.builder(db).set("admin.token", AdminClientsApiTest.TOKEN).start()) {
            AdminHttp admin = new AdminHttp(server, AdminClientsApiTest.TOKEN);
            TestServer.Response created = admin.create(TestServer.json(Map.of("client_id", "pg-shop",
                    "redirect_uris", List.of("https://shop.example.com/callback", "http://127.0.0.1/cb"),
                    "audiences", List.of("https://api.shop.example.com"), "access_token_ttl_seconds", 600)));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.header("Location")).contains("/admin/api/v1/clients/pg-shop");
            String secret = created.text("client_secret");
            assertThat(secret).hasSizeGreaterThanOrEqualTo(43);

            Client stored = server.tokenbooth().services().clients.find("pg-shop").orElseThrow();
            assertThat(stored.secretHash()).contains(OpaqueTokens.hash(secret));
            assertThat(stored.redirectUris()).containsExactly("https://shop.example.com/callback", "http://127.0.0.1/cb");

            TestServer.Response read = admin.read("pg-shop");
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().has("client_secret")).isFalse();
            assertThat(read.body()).doesNotContain(secret);
            assertThat(read.json().get("access_token_ttl_seconds").asInt()).isEqualTo(600);
            assertThat(read.json().get("created_at").asText()).isEqualTo(created.json().get("created_at").asText());
            assertThat(admin.list().json().get("clients").get(0).get("client_id").asText()).isEqualTo("pg-shop");

            assertError(admin.create(TestServer.json(Map.of("client_id", "pg-shop"))), 409, "invalid_request");

            assertThat(admin.delete("pg-shop").status()).isEqualTo(204);
            assertError(admin.read("pg-shop"), 404, "not_found");
            assertError(admin.delete("pg-shop"), 404, "not_found");
            assertThat(admin.list().json().get("clients")).isEmpty();
        }
    }
}
