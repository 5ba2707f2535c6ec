package io.tokenbooth.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocaleChoiceTest {

    private static String choose(String uiLocales, String acceptLanguage) {
        return LocaleChoice.choose(Optional.ofNullable(uiLocales), acceptLanguage).getLanguage();
    }

    @Test
    void chooseWhenUiLocalesHasASupportedTagThenTheFirstSupportedWins() {
        assertThat(choose("ko", "en")).isEqualTo("ko");
        assertThat(choose("fr-CA ko-KR en", null)).isEqualTo("ko");
        assertThat(choose("en ko", "ko")).isEqualTo("en");
    }

    @Test
    void chooseWhenUiLocalesUnsupportedThenAcceptLanguageByWeight() {
        assertThat(choose("fr de", "ko-KR,ko;q=0.9,en;q=0.8")).isEqualTo("ko");
        assertThat(choose(null, "ko;q=0.1, en;q=0.9")).isEqualTo("en");
        assertThat(choose(null, "fr, ko;q=0.5")).isEqualTo("ko");
        assertThat(choose(null, "ko;q=0, en")).isEqualTo("en");
    }

    @Test
    void chooseWhenNothingUsableThenEnglish() {
        assertThat(choose(null, null)).isEqualTo("en");
        assertThat(choose("", "")).isEqualTo("en");
        assertThat(choose("xx-invalid-@@", "*;q=oops,,;")).isEqualTo("en");
        assertThat(choose(null, "fr-FR, de")).isEqualTo("en");
        assertThat(choose(null, "x".repeat(5000))).isEqualTo("en");
    }

    @Test
    void messagesWhenLanguageUnsupportedThenEnglishWhateverTheJvmDefault() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.KOREAN);
            assertThat(Messages.of(Locale.FRENCH).lang()).isEqualTo("en");
            assertThat(Messages.of(Locale.ENGLISH).get("login.submit")).isEqualTo("Sign in");
            assertThat(Messages.of(Locale.forLanguageTag("ko-KR")).get("login.submit")).isEqualTo("로그인");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void messagesWhenEveryKeyLookedUpThenKoreanBundleIsComplete() {
        Messages en = Messages.of(Locale.ENGLISH);
        Messages ko = Messages.of(Locale.KOREAN);
        java.util.ResourceBundle base = java.util.ResourceBundle.getBundle("io.tokenbooth.server.pages.messages",
                Locale.ROOT);
        for (String key : base.keySet()) {
            assertThat(ko.get(key)).as(key).isNotBlank();
            if (!key.equals("error.code")) {
                assertThat(ko.get(key)).as("translated: " + key).isNotEqualTo(en.get(key));
            }
        }
    }
}
