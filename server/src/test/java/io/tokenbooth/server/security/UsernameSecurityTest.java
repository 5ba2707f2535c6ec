package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Usernames (decisions.md "Accounts"): NFKC-normalised, unique by case fold and by UTS #39 confusable skeleton,
 * single-script, no invisible characters, 3-64 code points. Every test uses its own names. H2 only.
 */
class UsernameSecurityTest {
    private static final String PASSWORD = "marble-otter-canyon-7";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private TestServer.Response signup(String username) {
        return app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", username, "password", PASSWORD)));
    }

    private void assertCreated(String username) {
        TestServer.Response r = signup(username);
        assertThat(r.status()).as(username + " -> " + r).isEqualTo(201);
    }

    private void assertTaken(String username) {
        Answers.assertError(signup(username), 409, "username_taken");
    }

    private void assertInvalid(String username) {
        Answers.assertError(signup(username), 400, "invalid_request");
    }

    @Test
    void signupWhenSameNameInOtherCaseThen409UsernameTaken() {
        assertCreated("Alice");
        assertTaken("alice");
        assertTaken("ALICE");
        assertTaken("aLiCe");
    }

    @Test
    void signupWhenFullwidthFormOfExistingNameThen409() {
        assertCreated("bobby");
        assertTaken("\uFF42\uFF4F\uFF42\uFF42\uFF59"); // ｂｏｂｂｙ
        assertTaken("\uFF22\uFF2F\uFF22\uFF22\uFF39"); // ＢＯＢＢＹ
    }

    @Test
    void signupWhenFullwidthNameThenStoredNormalised() {
        TestServer.Response r = signup("\uFF43\uFF41\uFF52\uFF4F\uFF4C"); // ｃａｒｏｌ
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("username")).isEqualTo("carol");
        assertTaken("carol");
    }

    @Test
    void signupWhenPrecomposedAndDecomposedAccentThen409() {
        assertCreated("caf\u00E9s");
        assertTaken("cafe\u0301s");
        assertTaken("CAFE\u0301S");
    }

    @Test
    void signupWhenMixedScriptWithCyrillicAThen400() {
        assertInvalid("p\u0430ypal"); // pаypal, Cyrillic а U+0430
        assertInvalid("\u0430lice"); // аlice
        assertInvalid("paypa\u04CF"); // Cyrillic palochka ӏ for l
        assertInvalid("g\u03BFogle"); // Greek omicron
    }

    @Test
    void signupWhenWholeScriptCyrillicLookalikeOfExistingLatinNameThen409() {
        // UTS #39 skeletons map Cyrillic ѕ с о р е to Latin s c o p e; usernames are unique by skeleton.
        assertCreated("scope");
        assertTaken("\u0455\u0441\u043E\u0440\u0435"); // ѕсоре, all Cyrillic
        assertTaken("\u0405\u0421\u041E\u0420\u0415"); // ЅСОРЕ
    }

    @Test
    void signupWhenLatinLookalikeOfExistingCyrillicNameThen409() {
        assertCreated("\u0441\u0435\u0440\u0430"); // сера, all Cyrillic: allowed on its own
        assertTaken("cepa");
    }

    @Test
    void signupWhenCyrillicNameWithoutLatinTwinThen201() {
        // Control: single-script Cyrillic is allowed, so the 409 above comes from the skeleton, not the script.
        assertCreated("\u0438\u0432\u0430\u043D"); // иван
        assertCreated("\u0440\u0443\u0441\u0441\u043A\u0438\u0439"); // русский
    }

    @Test
    void signupWhenDigitOneOrCapitalIForLetterLThen409() {
        assertCreated("kelly_9");
        assertTaken("ke1ly_9");
        // Capital I looks like l; case folding alone would turn it into i and let "keIly_9" through.
        assertTaken("keIly_9");
        assertTaken("KeIly_9");
    }

    @Test
    void signupWhenDigitZeroForLetterOThen409() {
        assertCreated("goodle");
        assertTaken("g00dle");
        assertTaken("G00DLE");
    }

    @Test
    void signupWhenRnForMThen409() {
        assertCreated("modem_x");
        assertTaken("rnodern_x");
    }

    @ParameterizedTest(name = "[{index}] U+{0}")
    @ValueSource(strings = {"200D", "200B", "200C", "2060", "FEFF", "00AD", "202E", "2066", "180E", "0009", "0020",
            "3000"})
    void signupWhenInvisibleOrControlCharacterInsideThen400(String hex) {
        String cp = Character.toString(Integer.parseInt(hex, 16));
        assertInvalid("dav" + cp + "id");
    }

    @Test
    void signupWhenZeroWidthCharacterInsideNewNameThen400AndNothingCreated() {
        assertInvalid("er\u200Din_k");
        assertInvalid("erin_k\u200B");
        assertThat(app.server().tokenbooth().services().accounts.find("erin_k")).isEmpty();
        assertCreated("erin_k");
    }

    @Test
    void signupWhenTwoCharactersThen400AndThreeThen201() {
        assertInvalid("ab");
        assertInvalid("x");
        assertCreated("abc");
    }

    @Test
    void signupWhen64CharactersThen201And65Then400() {
        assertCreated("m".repeat(64));
        assertInvalid("n".repeat(65));
    }

    @Test
    void signupWhenPunctuationOrSymbolsThen400() {
        for (String name : new String[] {"al ice", "al@ice", "al/ice", "al'ice", "alice!", "a\u00A0lice", "<script>",
                "alice\uD83D\uDE00", "a;drop"}) {
            assertInvalid(name);
        }
    }

    @Test
    void loginWhenUsernameInOtherCaseOrWidthThenSameAccount() {
        TestServer.Response created = signup("frank");
        assertThat(created.status()).isEqualTo(201);
        for (String spelling : new String[] {"FRANK", "Frank", "\uFF26\uFF32\uFF21\uFF2E\uFF2B"}) {
            TestServer.Response login = app.server().login(spelling, PASSWORD);
            assertThat(login.status()).as(spelling + " -> " + login).isEqualTo(200);
            String me = app.server().get("/api/v1/me", "Authorization", "Bearer " + login.text("access_token"))
                    .text("id");
            assertThat(me).isEqualTo(created.text("id"));
        }
    }

    @Test
    void loginWhenConfusableLookalikeOfExistingNameThen400InvalidGrant() {
        assertCreated("grace");
        // Look-alikes are refused at sign-up; at login they are simply other (unknown) names.
        Answers.assertError(app.server().login("gr\u0430ce", PASSWORD), 400, "invalid_grant");
        Answers.assertError(app.server().login("gr\u0430ce", PASSWORD + "x"), 400, "invalid_grant");
    }

    @Test
    void loginWhenNameHasDefaultIgnorableCharactersThenSameAccount() {
        // NFKC_Casefold removes default-ignorable code points (ZWJ, ZWSP, soft hyphen), so these are the same login
        // key (and the same throttle counter, see DatabaseSecurityContract), never a different account.
        TestServer.Response created = signup("heidi");
        assertThat(created.status()).isEqualTo(201);
        for (String spelling : new String[] {"hei\u200Ddi", "\u200Bheidi", "hei\u00ADdi"}) {
            TestServer.Response login = app.server().login(spelling, PASSWORD);
            assertThat(login.status()).as(spelling + " -> " + login).isEqualTo(200);
            assertThat(app.server().get("/api/v1/me", "Authorization", "Bearer " + login.text("access_token"))
                    .text("id")).isEqualTo(created.text("id"));
        }
    }
}
