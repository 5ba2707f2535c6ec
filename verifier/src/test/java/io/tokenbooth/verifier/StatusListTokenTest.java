package io.tokenbooth.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The list decoding against draft-ietf-oauth-status-list's own examples (§4.1, Appendix test vectors). */
class StatusListTokenTest {
    static final Path VECTORS = Path.of("/work/shared/token-status-list");
    static final int[] INDICES = {0, 1993, 25460, 159495, 495669, 554353, 645645, 723232, 854545, 934534, 1000345};

    static StatusListToken list(int bits, String lst) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("https://example.com/statuslists/1")
                .claim("status_list", Map.of("bits", bits, "lst", lst)).build();
        return StatusListToken.of(VerifiedToken.of(null, claims), "https://example.com/statuslists/1");
    }

    @Test
    void decodesTheOneBitExample() throws Exception {
        StatusListToken l = list(1, "eNrbuRgAAhcBXQ"); // 0xb9 0xa3
        int[] expected = {1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1};
        for (int i = 0; i < expected.length; i++) {
            assertThat(l.value(i)).as("index %d", i).isEqualTo(expected[i]);
        }
        assertThat(l.value(16)).isEqualTo(-1);
    }

    @Test
    void decodesTheTwoBitExample() throws Exception {
        StatusListToken l = list(2, "eNo76fITAAPfAgc"); // 0xc9 0x44 0xf9
        int[] expected = {1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3};
        for (int i = 0; i < expected.length; i++) {
            assertThat(l.value(i)).as("index %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void decodesTheLongTestVectors() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(VECTORS), "the draft's vectors are not here");
        StatusListToken one = list(1, lst("status_list_encoding1_long_json.md"));
        int set = 0;
        for (int i = 0; i < 1 << 20; i++) {
            set += one.value(i);
        }
        assertThat(set).isEqualTo(INDICES.length);
        for (int i : INDICES) {
            assertThat(one.value(i)).isEqualTo(1);
        }
        StatusListToken two = list(2, lst("status_list_encoding2_long_json.md"));
        int[] values = {1, 2, 1, 3, 1, 1, 2, 1, 1, 2, 3};
        for (int k = 0; k < INDICES.length; k++) {
            assertThat(two.value(INDICES[k])).isEqualTo(values[k]);
        }
        assertThat(two.value(1)).isZero();
    }

    @Test
    void refusesWhatTheDraftDoesNotAllow() {
        assertThatThrownBy(() -> list(3, "eNrbuRgAAhcBXQ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> list(1, "bm90IHpsaWI")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> list(1, "eNrbuRgAAh")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatusListToken.of(VerifiedToken.of(null, new JWTClaimsSet.Builder()
                .subject("https://example.com/other").claim("status_list", Map.of("bits", 1, "lst", "eNrbuRgAAhcBXQ"))
                .build()), "https://example.com/statuslists/1")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The "lst" value of a vector file (a JSON object whose string is wrapped over lines). */
    static String lst(String file) throws Exception {
        String text = Files.readString(VECTORS.resolve(file));
        int start = text.indexOf("\"lst\": \"") + 8;
        return text.substring(start, text.indexOf('"', start)).replaceAll("\\s", "");
    }
}
