package io.tokenbooth.server.token.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * Our encoder against the example vectors of draft-ietf-oauth-status-list (§4.1, §4.2 and the 1-bit test vector of
 * its appendix), read from the specification's own example files in /work/shared/token-status-list when present,
 * else from the copies below (the same text).
 */
class StatusListEncodingTest {
    private static final Path SPEC = Path.of("/work/shared/token-status-list");
    /** status_list_encoding_json.md: byte array [0xb9, 0xa3]. */
    private static final String SHORT = "eNrbuRgAAhcBXQ";
    /** status_list_encoding1_long_json.md: 2^20 entries, eleven of them 1. */
    private static final String LONG = "eNrt3AENwCAMAEGogklACtKQPg9LugC9k_ACvreiogEAAKkeCQAAAAAAAAAAAAAAAAAAAIBylgQAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAXG9IAAAAAAAAAPwsJAAAAAAAAAAAAAAAvhsSAAAAAAAAAAAA7KpLAAAAAAAAAAAAA"
            + "AAAAAAAAJsLCQAAAAAAAAAAADjelAAAAAAAAAAAKjDMAQAAAACAZC8L2AEb";
    private static final int[] LONG_INVALID = {0, 1993, 25460, 159495, 495669, 554353, 645645, 723232, 854545, 934534,
            1000345};

    private static String vector(String file, String fallback) throws Exception {
        Path p = SPEC.resolve(file);
        if (!Files.exists(p)) {
            return fallback;
        }
        Matcher m = Pattern.compile("\"lst\":\\s*\"([^\"]+)\"", Pattern.DOTALL).matcher(Files.readString(p));
        assertThat(m.find()).as(file).isTrue();
        return m.group(1).replaceAll("\\s", "");
    }

    @Test
    void encodeWhenSpecShortExampleThenSameLst() throws Exception {
        // §4.1: status[0..15] = 1 0 0 1 1 1 0 1 | 1 1 0 0 0 1 0 1 -> bytes 0xb9 0xa3 (least significant bit first).
        byte[] list = StatusListEncoding.emptyList(16);
        int[] ones = {0, 3, 4, 5, 7, 8, 9, 13, 15};
        for (int i : ones) {
            StatusListEncoding.setInvalid(list, i);
        }
        assertThat(list).containsExactly((byte) 0xb9, (byte) 0xa3);
        assertThat(StatusListEncoding.lst(list)).isEqualTo(vector("status_list_encoding_json.md", SHORT));
    }

    @Test
    void encodeWhenSpecOneBitTestVectorThenSameLst() throws Exception {
        byte[] list = StatusListEncoding.emptyList(1 << 20);
        for (int i : LONG_INVALID) {
            StatusListEncoding.setInvalid(list, i);
        }
        String expected = vector("status_list_encoding1_long_json.md", LONG);
        assertThat(StatusListEncoding.lst(list)).isEqualTo(expected);
        // And independently of our encoder: the spec's lst inflates to exactly these bits.
        assertThat(inflate(expected)).isEqualTo(list);
    }

    @Test
    void isInvalidWhenIndexBeyondTheListThenValid() {
        byte[] list = StatusListEncoding.emptyList(9);
        StatusListEncoding.setInvalid(list, 8);
        assertThat(StatusListEncoding.isInvalid(list, 8)).isTrue();
        assertThat(StatusListEncoding.isInvalid(list, 7)).isFalse();
        assertThat(StatusListEncoding.isInvalid(list, 1_000)).isFalse();
    }

    @Test
    void parseIdWhenMalformedOrHugeThenEmpty() {
        for (String bad : new String[] {"", "0", "01", "-1", "1a", "１", "9999999999999999999", "1".repeat(100), "1 "}) {
            assertThat(StatusListUris.parseId(bad)).as(bad).isEmpty();
        }
        assertThat(StatusListUris.parseId("42")).hasValue(42);
    }

    /** An independent decoder (java.util.zip only): base64url, then ZLIB inflate. */
    static byte[] inflate(String lst) throws Exception {
        Inflater inflater = new Inflater();
        inflater.setInput(Base64.getUrlDecoder().decode(lst));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!inflater.finished()) {
            out.write(buf, 0, inflater.inflate(buf));
        }
        inflater.end();
        return out.toByteArray();
    }
}
