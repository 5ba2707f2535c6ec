package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The leak check itself: it must catch what a database error prints and pass random key material. */
class AnswersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"error\":\"Syntax error in SQL statement \\\"SELECT 1\\\"\"}",
            "{\"error\":\"sql: no rows\"}",
            "{\"error\":\"ERROR: duplicate key; SQLState: 23505\"}",
            "{\"error\":\"jdbc:h2:file:/var/lib/tokenbooth/db\"}",
            "{\"error\":\"org.h2.jdbc.JdbcSQLSyntaxErrorException\"}",
            "{\"error\":\"org.postgresql.util.PSQLException\"}",
            "{\"error\":\"x\\n\\tat io.tokenbooth.server.Foo.bar(Foo.java:1)\"}"})
    void whenBodyCarriesInternalsThenTheCheckFails(String body) {
        assertThatThrownBy(() -> Answers.assertNoInternals(body)).isInstanceOf(AssertionError.class);
    }

    @Test
    void whenBase64urlKeyMaterialHoldsSqlByChanceThenTheCheckPasses() {
        // The RSA modulus that failed CI at f4f4b17: "...uuSQlGwFV..." and "-sp5uO..." inside one base64url run.
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AoXw6USiuuSQlGwFVTI_E0DVmznEa6svZ0Gc2km6uYqH2AG8iKjtaf"
                + "-sql_x-SQL0\",\"e\":\"AQAB\"}]}";
        assertThatCode(() -> Answers.assertNoInternals(jwks)).doesNotThrowAnyException();
    }
}
