package io.tokenbooth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-place media-type check (issue 11) says what the split-trim-lower check said before it, for any header. */
class FormBodyTest {
    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED",
            "application/x-www-form-urlencoded;charset=UTF-8", " \tApplication/X-Www-Form-Urlencoded ; charset=utf-8",
            "application/x-www-form-urlencoded;", "application/x-www-form-urlencodedx", "xapplication/x-www-form-urlencoded",
            "application/x-www-form-urlencoded x", "applıcation/x-www-form-urlencoded", "appl\u0130cation/x-www-form-urlencoded",
            "application/json", "multipart/form-data; boundary=x", "", ";", " ; application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded\u0000", "\u0001application/x-www-form-urlencoded"})
    void whenAnyContentTypeThenTheSameAnswerAsSplittingTrimmingAndLowering(String contentType) {
        String before = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        assertThat(FormBody.isFormMediaType(contentType)).isEqualTo(FormBody.MEDIA_TYPE.equals(before));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "APPLICATION/x-www-form-urlencoded; charset=utf-8"})
    void whenTheFormTypeInAnyCaseThenAForm(String contentType) {
        assertThat(FormBody.isFormMediaType(contentType)).isTrue();
    }
}
