package io.tokenbooth.server.account.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BreachedPasswordsTest {
    private final BreachedPasswords bundled = BreachedPasswords.bundled();

    @ParameterizedTest
    @ValueSource(strings = {"password", "12345678", "password1", "password123", "iloveyou", "qwertyuiop"})
    void containsWhenCommonPasswordThenTrue(String password) {
        assertThat(bundled.contains(password)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PASSWORD123", "Password123", "ILoveYou", "QwertyUiop"})
    void containsWhenCommonPasswordInOtherCaseThenTrue(String password) {
        assertThat(bundled.contains(password)).isTrue();
    }

    @Test
    void containsWhenRandom20CharacterStringThenFalse() {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }

        assertThat(bundled.contains(password.toString())).isFalse();
    }

    @Test
    void bundledWhenLoadedThenAllEntriesOfTheResourceAndShortOnesLeftOut() {
        assertThat(bundled.size()).isEqualTo(17_950);
        assertThat(bundled.contains("123456")).isFalse();
        assertThat(BreachedPasswords.bundled()).isSameAs(bundled);
    }

    @Test
    void containsWhenNullThenFalse() {
        assertThat(bundled.contains(null)).isFalse();
    }

    @Test
    void ofWhenMixedCaseEntriesThenMatchedIgnoringCase() {
        BreachedPasswords list = BreachedPasswords.of(List.of("Tr0ub4dor&3"));

        assertThat(list.contains("tr0ub4dor&3")).isTrue();
        assertThat(list.contains("TR0UB4DOR&3")).isTrue();
        assertThat(list.contains("tr0ub4dor&4")).isFalse();
    }
}
