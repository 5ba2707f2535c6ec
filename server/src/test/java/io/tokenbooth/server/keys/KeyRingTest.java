package io.tokenbooth.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which key signs when: the same answer whether or not the ring has been asked before, in any order of times. */
class KeyRingTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    private static SigningKey key(String kid, Instant activates, Instant retired) throws Exception {
        return SigningKey.of(new ECKeyGenerator(Curve.P_256).keyID(kid).generate(), "ES256", T0.minusSeconds(3600),
                activates, retired);
    }

    @Test
    void whenAskedAcrossActivationsAndRetirementsInAnyOrderThenEachAnswerIsThatOfAFreshRing() throws Exception {
        List<SigningKey> keys = List.of(
                key("old", T0.minusSeconds(3600), T0.plusSeconds(60)),
                key("new", T0.plusSeconds(30), null),
                key("later", T0.plusSeconds(120), null));
        Duration grace = Duration.ofHours(2);
        KeyRing asked = new KeyRing(keys, T0, grace);
        long[] offsets = {0, 29, 30, 31, 0, 59, 60, 61, 119, 120, 121, -10, 30, 7200, 29, 120};
        for (long offset : offsets) {
            Instant now = T0.plusSeconds(offset);
            Optional<String> expected = new KeyRing(keys, T0, grace).signingKey("ES256", now).map(SigningKey::kid);
            assertThat(asked.signingKey("ES256", now).map(SigningKey::kid)).as("at T0%+d s", offset).isEqualTo(expected);
        }
        assertThat(asked.signingKey("ES256", T0).map(SigningKey::kid)).contains("old");
        assertThat(asked.signingKey("ES256", T0.plusSeconds(30)).map(SigningKey::kid)).contains("new");
        assertThat(asked.signingKey("ES256", T0.plusSeconds(120)).map(SigningKey::kid)).contains("later");
        assertThat(asked.signingKey("RS256", T0.plusSeconds(120))).isEmpty();
        assertThat(asked.signingKey("ES256", T0.plusSeconds(120)).map(SigningKey::kid)).contains("later");
    }
}
