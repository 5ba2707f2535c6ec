package io.tokenbooth.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthParameters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one decoder of form bodies and queries, and the OAuth reading on top of it. */
class FormDecoderTest {
    private static Map<String, List<String>> decode(FormDecoder decoder, String form) {
        return decoder.decode(form.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String rejection(FormDecoder decoder, String form) {
        try {
            decode(decoder, form);
        } catch (OAuthException e) {
            assertThat(e.error()).isEqualTo("invalid_request");
            assertThat(e.status()).isEqualTo(400);
            return e.description();
        }
        throw new AssertionError("accepted " + form);
    }

    @Test
    void decodeWhenWellFormedThenEveryValueInOrderPlusAsSpaceAndUtf8() {
        Map<String, List<String>> form = decode(FormDecoder.BROWSER,
                "scope=openid+profile&resource=a&name%3D=%E2%82%AC%20x&resource=b&flag&&empty=");
        assertThat(form).containsExactly(Map.entry("scope", List.of("openid profile")),
                Map.entry("resource", List.of("a", "b")), Map.entry("name=", List.of("€ x")),
                Map.entry("flag", List.of("")), Map.entry("empty", List.of("")));
        assertThat(decode(FormDecoder.OAUTH, "")).isEmpty();
        assertThat(decode(FormDecoder.OAUTH, "a=b=c")).containsExactly(Map.entry("a", List.of("b=c")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%2", "a=x%", "%zz=1", "a=%+1", "a=%-1", "a=%2G", "a=%%41"})
    void decodeWhenPercentEncodingBrokenThenInvalidRequest(String form) {
        // URLDecoder took "%+1" as 0x01 (Integer.parseInt accepts a sign); only two hex digits are an escape.
        assertThat(rejection(FormDecoder.OAUTH, form)).isEqualTo("the form body is not correctly percent-encoded");
        assertThat(rejection(FormDecoder.BROWSER, form)).isEqualTo("the parameters are not correctly percent-encoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%C3%28", "a=%ED%A0%80", "a=%C0%AF", "a=%FF%FE", "a=%E2%82", "a=\u00ff", "%80=x"})
    void decodeWhenNotUtf8ThenInvalidRequestInsteadOfReplacementCharacters(String form) {
        // URLDecoder and new String(bytes, UTF_8) both turned these into U+FFFD and carried on.
        assertThat(rejection(FormDecoder.OAUTH, form)).isEqualTo("the form body is not valid UTF-8");
        assertThat(rejection(FormDecoder.BROWSER, form)).isEqualTo("the parameters are not valid UTF-8");
    }

    @Test
    void decodeWhenMoreParametersThanTheBoundThenInvalidRequestEmptyPiecesIncluded() {
        assertThat(decode(FormDecoder.OAUTH, "a=1" + "&a=1".repeat(63)).get("a")).hasSize(64);
        assertThat(rejection(FormDecoder.OAUTH, "a=1" + "&a=1".repeat(64))).isEqualTo("too many parameters");
        assertThat(rejection(FormDecoder.OAUTH, "&".repeat(64))).isEqualTo("too many parameters");
        assertThat(decode(FormDecoder.BROWSER, "a=1" + "&a=1".repeat(255)).get("a")).hasSize(256);
        assertThat(rejection(FormDecoder.BROWSER, "a=1" + "&a=1".repeat(256))).isEqualTo("too many parameters");
    }

    @Test
    void oauthParametersWhenRepeatedThenRefusedUnlessRepeatableAndEmptyValuesAreOmitted() {
        Map<String, List<String>> decoded = decode(FormDecoder.OAUTH, "grant_type=x&resource=a&resource=b&scope=");
        OAuthParameters p = OAuthParameters.of(decoded, Set.of("resource"));
        assertThat(p.all("resource")).containsExactly("a", "b");
        assertThat(p.get("grant_type")).contains("x");
        assertThat(p.has("scope")).isFalse();
        assertThatThrownBy(() -> OAuthParameters.of(decoded, Set.of()))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.description())
                        .isEqualTo("parameter 'resource' is repeated"));
        assertThatThrownBy(() -> OAuthParameters.of(decode(FormDecoder.OAUTH, "%22a%0A=1&%22a%0A=2"), Set.of()))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.description())
                        .isEqualTo("parameter '?a?' is repeated"));
    }
}
