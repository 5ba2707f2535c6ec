package io.tokenbooth.server.account.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
    /** Small parameters keep the tests fast; one test uses the defaults. */
    private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

    // Known answers from the reference implementation (libargon2 0~20171227, argon2id_hash_encoded & co. via ctypes).
    private static final String REFERENCE_ARGON2ID_DEFAULTS = "$argon2id$v=19$m=19456,t=2,p=1"
            + "$dG9rZW5ib290aC1zYWx0IQ$jYl+weEWVRwF6A4zWleHNjZLhRYAs8UiA2Asq2OYI5c";
    private static final String REFERENCE_ARGON2ID_UNICODE = "$argon2id$v=19$m=1024,t=1,p=1"
            + "$MDEyMzQ1Njc4OWFiY2RlZg$w+Gv88cM4FidDOhHESQqlBkvNJl4in/FoF+onIgqELQ";
    private static final String UNICODE_PASSWORD = "pässwörd-ünïcødé-\uD83D\uDD11";

    // Known answers from libxcrypt's bcrypt (Perl crypt() on Debian 12).
    private static final String BCRYPT_2B = "$2b$10$abcdefghijklmnopqrstuuGGgFFcYeueaAql8Z7U7CnCTRw4DR77W";
    private static final String BCRYPT_2Y = "$2y$10$abcdefghijklmnopqrstuuGGgFFcYeueaAql8Z7U7CnCTRw4DR77W";
    private static final String BCRYPT_2A = "$2a$04$0123456789ABCDEFGHIJKu94v3bsa4Pk.eLfV2aax6CApIfyZguY6";
    private static final String BCRYPT_UNICODE = "$2b$04$ZYXWVUTSRQPONMLKJIHGFesQ1U/m8lkGQ/VbQVUNGXGxH1QRLo5oS";
    /** bcrypt of "a" x 72 + "b". */
    private static final String BCRYPT_73_BYTES = "$2b$04$ZYXWVUTSRQPONMLKJIHGFefhpXf2uYCxqTMmOXBZ04rf3.C0lwNFK";

    // Known answers from Python's hashlib.pbkdf2_hmac, salt b"tokenbooth-pbkdf2".
    private static final String PBKDF2_SHA256 = "$pbkdf2-sha256$i=310000$dG9rZW5ib290aC1wYmtkZjI"
            + "$h4H7gcgjGR8r6u40pCTuSaSgaNS1qukMywbGyR7D9vY";
    private static final String PBKDF2_SHA512 = "$pbkdf2-sha512$i=210000$dG9rZW5ib290aC1wYmtkZjI"
            + "$0DFh8k+nOeam+F3/chsMauvL2BCGY3QmPvKQwebKk/s/X5JsfgK3FpB6xQP+g0gproO7+c5F1LGgAq/rk0ix1w";
    /** 16-byte key of the Unicode password ("pässwörd🔑"), 1000 iterations. */
    private static final String PBKDF2_UNICODE = "$pbkdf2-sha256$i=1000$dG9rZW5ib290aC1wYmtkZjI$w+TmljnKmtQm8G4HsL9NaA";

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$([A-Za-z0-9+/]{22})\\$([A-Za-z0-9+/]{43})");

    @Test
    void verifyWhenSamePasswordThenTrue() {
        String encoded = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify("correct horse battery staple", encoded)).isTrue();
    }

    @Test
    void verifyWhenWrongPasswordThenFalse() {
        String encoded = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify("correct horse battery stapler", encoded)).isFalse();
        assertThat(hasher.verify("", encoded)).isFalse();
    }

    @Test
    void hashWhenCalledThenPhcStringWith16ByteSaltAnd32ByteTag() {
        String encoded = hasher.hash("correct horse battery staple");

        Matcher m = PHC.matcher(encoded);
        assertThat(m.matches()).as(encoded).isTrue();
        assertThat(Base64.getDecoder().decode(m.group(1))).hasSize(16);
        assertThat(Base64.getDecoder().decode(m.group(2))).hasSize(32);
    }

    @Test
    void hashWhenSamePasswordTwiceThenDifferentSalts() {
        assertThat(hasher.hash("correct horse battery staple")).isNotEqualTo(hasher.hash("correct horse battery staple"));
    }

    @Test
    void hashWhenDefaultParametersThenReferenceFormatAndVerifies() {
        PasswordHasher defaults = new PasswordHasher();

        String encoded = defaults.hash("correct horse battery staple");

        assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(defaults.verify("correct horse battery staple", encoded)).isTrue();
        assertThat(defaults.needsRehash(encoded)).isFalse();
    }

    @Test
    void verifyWhenReferenceImplementationArgon2idHashThenTrue() {
        assertThat(hasher.verify("correct horse battery staple", REFERENCE_ARGON2ID_DEFAULTS)).isTrue();
        assertThat(hasher.verify("correct horse battery stapl", REFERENCE_ARGON2ID_DEFAULTS)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "argon2i password|$argon2i$v=19$m=1024,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$MACTALK7HQ+s7Snu0QbI/hSqoOSldYAIgI3V4cxBu6U",
        "argon2d password|$argon2d$v=19$m=1024,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$Vnr9G+9rEoyYhWPgEyzCLVatBSo8jH0vexNe0Nt3tMY",
        "old version password|$argon2id$v=16$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "old version password|$argon2id$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
    })
    void verifyWhenReferenceImplementationOtherTypeOrVersionThenTrue(String password, String encoded) {
        assertThat(hasher.verify(password, encoded)).isTrue();
        assertThat(hasher.verify(password + "x", encoded)).isFalse();
    }

    /** RFC 9106 §5.3 Argon2id test vector, against the generator this class builds on. */
    @Test
    void argon2BytesGeneratorWhenRfc9106Argon2idTestVectorThenExpectedTag() {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(32)
                .withIterations(3)
                .withParallelism(4)
                .withSalt(filled(16, 0x02))
                .withSecret(filled(8, 0x03))
                .withAdditional(filled(12, 0x04))
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] tag = new byte[32];

        generator.generateBytes(filled(32, 0x01), tag);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void verifyWhenUnicodePasswordThenRoundTripAndMatchesReference() {
        String encoded = hasher.hash(UNICODE_PASSWORD);

        assertThat(hasher.verify(UNICODE_PASSWORD, encoded)).isTrue();
        assertThat(hasher.verify(UNICODE_PASSWORD, REFERENCE_ARGON2ID_UNICODE)).isTrue();
        // as given, not normalised: the decomposed form of "ä" is a different password
        assertThat(hasher.verify(UNICODE_PASSWORD.replace("ä", "a\u0308"), encoded)).isFalse();
    }

    @Test
    void verifyWhen256CodePointPasswordThenRoundTrip() {
        String password = "\uD83D\uDD11".repeat(128) + "é".repeat(128);
        assertThat(password.codePointCount(0, password.length())).isEqualTo(256);

        String encoded = hasher.hash(password);

        assertThat(hasher.verify(password, encoded)).isTrue();
        assertThat(hasher.verify(password.substring(0, password.length() - 1), encoded)).isFalse();
    }

    @Test
    void verifyWhenLongPasswordsDifferOnlyInLastCharacterThenFalse() {
        String first = "a".repeat(99) + "b";
        String second = "a".repeat(99) + "c";

        assertThat(hasher.verify(second, hasher.hash(first))).isFalse();
        assertThat(hasher.verify(first, hasher.hash(second))).isFalse();
    }

    @Test
    void verifyWhenPasswordHasSurroundingWhitespaceThenNotTrimmed() {
        String encoded = hasher.hash(" correct horse ");

        assertThat(hasher.verify("correct horse", encoded)).isFalse();
        assertThat(hasher.verify(" correct horse ", encoded)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {BCRYPT_2B, BCRYPT_2Y})
    void verifyWhenBcryptHashFromLibxcryptThenTrue(String encoded) {
        assertThat(hasher.verify("correct horse battery staple", encoded)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler", encoded)).isFalse();
    }

    @Test
    void verifyWhenBcrypt2aAndUnicodeHashesThenTrue() {
        assertThat(hasher.verify("correct horse battery staple", BCRYPT_2A)).isTrue();
        assertThat(hasher.verify("pässwörd\uD83D\uDD11", BCRYPT_UNICODE)).isTrue();
        assertThat(hasher.verify("passwörd\uD83D\uDD11", BCRYPT_UNICODE)).isFalse();
    }

    /** Documents the inherent bcrypt limit: bytes after the 72nd are ignored. */
    @Test
    void verifyWhenBcryptPasswordsShareFirst72BytesThenTrue() {
        assertThat(hasher.verify("a".repeat(72) + "b", BCRYPT_73_BYTES)).isTrue();
        assertThat(hasher.verify("a".repeat(72) + "c", BCRYPT_73_BYTES)).isTrue();
        assertThat(hasher.verify("a".repeat(71) + "c", BCRYPT_73_BYTES)).isFalse();
    }

    @Test
    void verifyWhenPbkdf2HashFromPythonThenTrue() {
        assertThat(hasher.verify("correct horse battery", PBKDF2_SHA256)).isTrue();
        assertThat(hasher.verify("correct horse batterY", PBKDF2_SHA256)).isFalse();
        assertThat(hasher.verify("correct horse battery", PBKDF2_SHA512)).isTrue();
        assertThat(hasher.verify("correct horse battery ", PBKDF2_SHA512)).isFalse();
        assertThat(hasher.verify("pässwörd\uD83D\uDD11", PBKDF2_UNICODE)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {BCRYPT_2B, PBKDF2_SHA256, REFERENCE_ARGON2ID_DEFAULTS,
        "$argon2id$v=19$m=2048,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$m=1024,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=16$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "", "garbage"})
    void needsRehashWhenNotCurrentArgon2idThenTrue(String encoded) {
        assertThat(hasher.needsRehash(encoded)).isTrue();
    }

    @Test
    void needsRehashWhenCurrentParametersThenFalse() {
        assertThat(hasher.needsRehash(hasher.hash("correct horse battery staple"))).isFalse();
        assertThat(hasher.needsRehash(
                "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo"))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "$",
        "correct horse battery staple",
        "$argon2id$",
        "$argon2id$v=19$m=1024,t=1,p=1$",
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$",
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$!!!notbase64!!!",
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$A",
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA==$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$t=1,m=1024,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=18$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2x$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        // absurd or invalid parameters: must be refused before any memory is allocated
        "$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$m=2147483647,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$m=4194305,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$m=1024,t=101,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$m=1024,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$m=1024,t=1,p=17$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$m=1024,t=1,p=0$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$argon2id$v=19$m=15,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo",
        "$2b$17$abcdefghijklmnopqrstuuGGgFFcYeueaAql8Z7U7CnCTRw4DR77W",
        "$2b$99$abcdefghijklmnopqrstuuGGgFFcYeueaAql8Z7U7CnCTRw4DR77W",
        "$2b$03$abcdefghijklmnopqrstuuGGgFFcYeueaAql8Z7U7CnCTRw4DR77W",
        "$2x$10$abcdefghijklmnopqrstuuGGgFFcYeueaAql8Z7U7CnCTRw4DR77W",
        "$2b$10$abcdefghijklmnopqrstuuGGgFFcYeueaAql8Z7U7CnCTRw4DR77",
        "$2b$10$abcdefghijklmnopqrstuuGGgFFcYeueaAql8Z7U7CnCTRw4DR7!W",
        "$pbkdf2-sha256$i=10000001$dG9rZW5ib290aC1wYmtkZjI$h4H7gcgjGR8r6u40pCTuSaSgaNS1qukMywbGyR7D9vY",
        "$pbkdf2-sha256$i=0$dG9rZW5ib290aC1wYmtkZjI$h4H7gcgjGR8r6u40pCTuSaSgaNS1qukMywbGyR7D9vY",
        "$pbkdf2-sha256$i=310000$dG9rZW5ib290aC1wYmtkZjI$",
        "$pbkdf2-sha256$i=310000$$h4H7gcgjGR8r6u40pCTuSaSgaNS1qukMywbGyR7D9vY",
        "$pbkdf2-sha1$i=310000$dG9rZW5ib290aC1wYmtkZjI$h4H7gcgjGR8r6u40pCTuSaSgaNS1qukMywbGyR7D9vY",
        "$pbkdf2-sha256$310000$dG9rZW5ib290aC1wYmtkZjI$h4H7gcgjGR8r6u40pCTuSaSgaNS1qukMywbGyR7D9vY",
    })
    void verifyWhenMalformedOrAbsurdThenFalseWithoutThrowing(String encoded) {
        assertThat(hasher.verify("correct horse battery staple", encoded)).isFalse();
    }

    /** Correct tags whose parameters are beyond the limits: only the limit can make these false. */
    @ParameterizedTest
    @CsvSource({"8,101,1,16,32", "136,1,17,16,32", "8,1,1,7,32", "8,1,1,16,7", "8,1,1,16,129"})
    void verifyWhenArgon2BeyondLimitsThenFalseEvenIfTagMatches(int m, int t, int p, int saltLength, int tagLength) {
        String encoded = argon2id(m, t, p, saltLength, tagLength, "correct horse battery staple");

        assertThat(hasher.verify("correct horse battery staple", encoded)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"8,100,1,16,32", "128,1,16,8,128", "8,1,1,128,8"})
    void verifyWhenArgon2AtLimitsThenTrue(int m, int t, int p, int saltLength, int tagLength) {
        String encoded = argon2id(m, t, p, saltLength, tagLength, "correct horse battery staple");

        assertThat(hasher.verify("correct horse battery staple", encoded)).isTrue();
    }

    /** Correct PBKDF2-SHA256 keys from hashlib (1000 iterations): salt of 7 bytes, keys of 129 and 7 bytes. */
    @ParameterizedTest
    @ValueSource(strings = {
        "$pbkdf2-sha256$i=1000$c2FsdHNhbA$8cLKdZ5etC77ztMUJ4TEPkGzm0/MyBKh4SGFW+jwpgo",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$zzTVNkpdnDsQWZloN/zP8vUU74BCbHD/tDSXS4zXPSvKFXbc+xplZLv4uobNwRfe8/Qi8NBKV6UT"
            + "9LcT1pX0yd14TVYPMOnxh2Kn4obsDld59utvd4SG2ttgOBqgZBncbOGWbl98ZWqPyOrbKlsbCXgBNwsRU21C5fdXlSRgOBDh",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$zzTVNkpdnA",
    })
    void verifyWhenPbkdf2BeyondLimitsThenFalseEvenIfKeyMatches(String encoded) {
        assertThat(hasher.verify("correct horse battery staple", encoded)).isFalse();
    }

    /** Correct PBKDF2-SHA256 keys from hashlib (1000 iterations, 8-byte salt): keys of 128 and 8 bytes. */
    @ParameterizedTest
    @ValueSource(strings = {
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$zzTVNkpdnDsQWZloN/zP8vUU74BCbHD/tDSXS4zXPSvKFXbc+xplZLv4uobNwRfe8/Qi8NBKV6UT"
            + "9LcT1pX0yd14TVYPMOnxh2Kn4obsDld59utvd4SG2ttgOBqgZBncbOGWbl98ZWqPyOrbKlsbCXgBNwsRU21C5fdXlSRgOBA",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$zzTVNkpdnDs",
    })
    void verifyWhenPbkdf2AtLimitsThenTrue(String encoded) {
        assertThat(hasher.verify("correct horse battery staple", encoded)).isTrue();
    }

    @Test
    void parseWhenIterationsOrCostBeyondLimitsThenNotWithinLimits() {
        String salt = "$dG9rZW5ib290aC1wYmtkZjI$h4H7gcgjGR8r6u40pCTuSaSgaNS1qukMywbGyR7D9vY";
        assertThat(Pbkdf2Hash.parse("$pbkdf2-sha256$i=10000000" + salt).orElseThrow().withinLimits()).isTrue();
        assertThat(Pbkdf2Hash.parse("$pbkdf2-sha256$i=10000001" + salt).orElseThrow().withinLimits()).isFalse();
        String bcrypt = "$abcdefghijklmnopqrstuuGGgFFcYeueaAql8Z7U7CnCTRw4DR77W";
        assertThat(BcryptHash.parse("$2b$16" + bcrypt).orElseThrow().withinLimits()).isTrue();
        assertThat(BcryptHash.parse("$2b$17" + bcrypt).orElseThrow().withinLimits()).isFalse();
        String argon2 = "$c2FsdHNhbHRzYWx0c2FsdA$5cmOTnQ/3Ro5mVjy8Rq1Rp+kW9ztL26JHg8COxZ4clo";
        assertThat(Argon2Hash.parse("$argon2id$v=19$m=4194304,t=1,p=1" + argon2).orElseThrow().withinLimits()).isTrue();
        assertThat(Argon2Hash.parse("$argon2id$v=19$m=4194305,t=1,p=1" + argon2).orElseThrow().withinLimits())
                .isFalse();
    }

    @Test
    void verifyWhenEncodedTooLongThenFalse() {
        String encoded = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + "A".repeat(100_000);

        assertThat(hasher.verify("correct horse battery staple", encoded)).isFalse();
    }

    @Test
    void verifyWhenNullArgumentsThenFalse() {
        String encoded = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify(null, encoded)).isFalse();
        assertThat(hasher.verify("correct horse battery staple", null)).isFalse();
    }

    @Test
    void hashWhenNullPasswordThenNullPointerException() {
        assertThatThrownBy(() -> hasher.hash(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void dummyVerifyWhenCalledThenUsesCurrentParametersAndMatchesNothing() {
        assertThat(hasher.needsRehash(hasher.dummyHash())).isFalse();
        assertThat(hasher.verify("", hasher.dummyHash())).isFalse();

        hasher.dummyVerify("correct horse battery staple");
        hasher.dummyVerify(null);
    }

    @ParameterizedTest
    @CsvSource({"0,1,1", "1024,0,1", "1024,1,0", "7,1,1", "15,1,2", "1024,101,1", "1024,1,17", "4194305,1,1"})
    void constructorWhenParametersOutOfRangeThenIllegalArgumentException(int memoryKib, int iterations, int lanes) {
        assertThatThrownBy(() -> new PasswordHasher(memoryKib, iterations, lanes))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** An Argon2id PHC string computed directly with BouncyCastle and java.util.Base64. */
    private static String argon2id(int m, int t, int p, int saltLength, int tagLength, String password) {
        byte[] salt = filled(saltLength, 0x5a);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build());
        byte[] tag = new byte[tagLength];
        generator.generateBytes(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), tag);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + m + ",t=" + t + ",p=" + p + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(tag);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
