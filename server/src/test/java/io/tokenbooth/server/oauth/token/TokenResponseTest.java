package io.tokenbooth.server.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The token response's JSON: the members of RFC 6749 §5.1 in a fixed order, absent ones left out, strings escaped. */
class TokenResponseTest {
    @Test
    void whenEveryMemberIsPresentThenAllAreWrittenInOrder() {
        String json = new String(new TokenResponse("at", "Bearer", 300, "a b", "rt", "id").json(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"scope\":\"a b\",\"refresh_token\":\"rt\",\"id_token\":\"id\"}");
    }

    @Test
    void whenOptionalMembersAreAbsentThenLeftOut() {
        String json = new String(new TokenResponse("at", "Bearer", 60, null, null, null).json(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":60}");
    }

    @Test
    void whenAValueNeedsEscapingThenItIsEscaped() {
        String json = new String(new TokenResponse("at", "Bearer", 1, "q\"\\\u00e9", null, null).json(),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"scope\":\"q\\\"\\\\\u00e9\"");
    }
}
