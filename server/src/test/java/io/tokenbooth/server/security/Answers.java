package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenbooth.server.testing.TestServer;
import java.io.IOException;
import java.util.Optional;

/** Assertions shared by the security tests on the shape of error answers. */
final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    /** {@code status}, JSON {@code {error, error_description}} with {@code error} (if not null), and no internals. */
    static JsonNode assertError(TestServer.Response r, int status, String error) {
        return assertError(r.status(), r.header("Content-Type"), r.body(), status, error);
    }

    static JsonNode assertError(RawHttp.Answer r, int status, String error) {
        return assertError(r.status(), r.header("Content-Type"), r.body(), status, error);
    }

    static JsonNode assertError(int actualStatus, Optional<String> contentType, String body, int status, String error) {
        String what = actualStatus + " " + body;
        assertThat(actualStatus).as(what).isEqualTo(status);
        assertThat(contentType).as("Content-Type of " + what)
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("error body is not JSON: " + what, e);
        }
        assertThat(json.isObject()).as(what).isTrue();
        assertThat(json.path("error").isTextual()).as("error in " + what).isTrue();
        assertThat(json.path("error").asText()).as(what).isNotBlank();
        assertThat(json.path("error_description").isTextual()).as("error_description in " + what).isTrue();
        assertThat(json.path("error_description").asText()).as(what).isNotBlank();
        if (error != null) {
            assertThat(json.get("error").asText()).as(what).isEqualTo(error);
        }
        assertNoInternals(body);
        return json;
    }

    /**
     * The word "sql" on its own, in any case ("SQL statement", "sql:"), but not three letters inside a run of
     * base64url: a JWKS modulus or a token may hold "SQl" by chance (it did, and failed a CI run).
     */
    private static final String SQL_WORD = "(?i)(?<![A-Za-z0-9_-])sql(?![A-Za-z0-9_-])";

    /** No stack trace, exception class, SQL message or JDBC URL in a body sent to a client. */
    static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at io.tokenbooth")
                .doesNotContain("at java.").doesNotContain("at org.").doesNotContain("Caused by")
                .doesNotContainPattern(SQL_WORD).doesNotContainIgnoringCase("sqlstate")
                .doesNotContain("jdbc:").doesNotContain("org.h2").doesNotContain("org.postgresql");
    }
}
