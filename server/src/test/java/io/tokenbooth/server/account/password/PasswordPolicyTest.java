package io.tokenbooth.server.account.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {
    private final PasswordPolicy policy = new PasswordPolicy(BreachedPasswords.bundled());

    @Test
    void problemWhenAcceptablePasswordThenEmpty() {
        assertThat(policy.problem("correct horse battery staple", "alice")).isEmpty();
        assertThat(policy.problem("v9#Lq2!x", "alice")).isEmpty();
        assertThat(policy.problem("correct horse battery staple", null)).isEmpty();
    }

    @Test
    void problemWhenNoCompositionRulesThenLowerCaseOnlyAccepted() {
        assertThat(policy.problem("zebrafinchmountain", "alice")).isEmpty();
    }

    @Test
    void problemWhenSevenCodePointsThenTooShort() {
        assertThat(policy.problem("v9#Lq2!", "alice")).hasValue("must be at least 8 characters");
    }

    @Test
    void problemWhenEightCodePointsOfSupplementaryCharactersThenAccepted() {
        // 8 code points, 16 UTF-16 units
        assertThat(policy.problem("\uD83D\uDD11".repeat(4) + "\uD83C\uDF35".repeat(4), "alice")).isEmpty();
    }

    @Test
    void problemWhenLengthCountedAfterNfkcThenCompositionAndCompatibilityCount() {
        // 8 code points, but NFKC composes "e" + U+0301 into one: 7
        assertThat(policy.problem("zqxwe\u0301vb", "alice")).hasValue("must be at least 8 characters");
        // 6 code points, but NFKC expands each "ﬃ" ligature to "ffi": 10
        assertThat(policy.problem("\uFB03\uFB03zqxw", "alice")).isEmpty();
    }

    @Test
    void problemWhen256CodePointsThenAccepted() {
        assertThat(policy.problem("\uD83D\uDD11".repeat(200) + "zqxwvbnm".repeat(7), "alice")).isEmpty();
    }

    @Test
    void problemWhen257CodePointsThenTooLong() {
        assertThat(policy.problem("\uD83D\uDD11".repeat(201) + "zqxwvbnm".repeat(7), "alice"))
                .hasValue("must be at most 256 characters");
        assertThat(policy.problem("z".repeat(100_000), "alice")).hasValue("must be at most 256 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password123", "PASSWORD123", "iloveyou", "qwertyuiop"})
    void problemWhenBreachedThenRejected(String password) {
        assertThat(policy.problem(password, "alice"))
                .hasValue("is too common: it appears in lists of breached passwords");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice.wonderland", "Alice.Wonderland", "ALICE.WONDERLAND"})
    void problemWhenEqualToUsernameIgnoringCaseThenRejected(String password) {
        assertThat(policy.problem(password, "alice.wonderland"))
                .hasValue("must not be the same as the username");
    }

    @Test
    void problemWhenUsernameOnlyContainedThenAccepted() {
        assertThat(policy.problem("alice.wonderland.zq", "alice.wonderland")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct\u0000horse", "correct\thorse", "correct horse\n", "\u001Fcorrect horse",
        "correct\rhorse"})
    void problemWhenC0ControlCharacterThenRejected(String password) {
        assertThat(policy.problem(password, "alice")).hasValue("contains control characters");
    }

    @Test
    void problemWhenNullThenRequired() {
        assertThat(policy.problem(null, "alice")).hasValue("is required");
    }
}
