package io.tokenbooth.server.pages;

import static io.tokenbooth.server.oauth.authorize.Browser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.authorize.AuthorizeUrl;
import io.tokenbooth.server.oauth.authorize.Browser;
import io.tokenbooth.server.oauth.authorize.TestClients;
import io.tokenbooth.server.testing.RunningServer;
import java.util.UUID;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pages in Korean or English, chosen by {@code ui_locales}, else {@code Accept-Language}. On H2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalizedPagesTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private Client client;

    @BeforeAll
    void start() {
        client = TestClients.on(app.server()).name("사진 인화").register();
    }

    private static String lang(HtmlPage p) {
        return p.getDocumentElement().getAttribute("lang");
    }

    @Test
    void loginPageWhenUiLocalesKoThenKorean() {
        try (Browser browser = new Browser().language("en-US,en;q=0.9")) {
            HtmlPage p = browser.page(AuthorizeUrl.valid(app.server(), client).set("ui_locales", "ko").url());
            assertThat(lang(p)).isEqualTo("ko");
            assertThat(p.asNormalizedText()).contains("로그인", "사용자 이름", "비밀번호", "사진 인화");
            assertThat(p.getTitleText()).startsWith("로그인");
        }
    }

    @Test
    void loginPageWhenAcceptLanguageKoreanThenKorean() {
        try (Browser browser = new Browser().language("ko-KR,ko;q=0.9,en-US;q=0.8")) {
            HtmlPage p = browser.page(AuthorizeUrl.valid(app.server(), client).url());
            assertThat(lang(p)).isEqualTo("ko");
            assertThat(p.asNormalizedText()).contains("사용자 이름");
        }
    }

    @Test
    void loginPageWhenUiLocalesUnsupportedThenAcceptLanguageElseEnglish() {
        try (Browser browser = new Browser().language("ko-KR")) {
            HtmlPage p = browser.page(AuthorizeUrl.valid(app.server(), client).set("ui_locales", "fr-FR").url());
            assertThat(lang(p)).isEqualTo("ko");
        }
        try (Browser browser = new Browser().language("fr-FR, de")) {
            HtmlPage p = browser.page(AuthorizeUrl.valid(app.server(), client).url());
            assertThat(lang(p)).isEqualTo("en");
            assertThat(p.asNormalizedText()).contains("Sign in", "Username", "Password");
        }
    }

    @Test
    void wholeFlowWhenKoreanThenErrorConsentAndScopesInKorean() {
        String user = "user_" + UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(user, PASSWORD);
        try (Browser browser = new Browser().language("ko")) {
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client).set("scope", "openid email");
            Page wrong = Browser.signIn(browser.page(url.url()), user, "wrong password!");
            assertThat(((HtmlPage) wrong).getElementById("login-error").getTextContent())
                    .isEqualTo("사용자 이름 또는 비밀번호가 올바르지 않습니다.");
            Page consent = Browser.signIn((HtmlPage) wrong, user, PASSWORD);
            assertThat(lang((HtmlPage) consent)).isEqualTo("ko");
            assertThat(((HtmlPage) consent).asNormalizedText()).contains("허용", "거부", "본인 확인", "이메일 주소 보기");
        }
    }

    @Test
    void errorPageWhenKoreanThenKorean() {
        try (Browser browser = new Browser().language("ko")) {
            Page p = browser.get(
                    AuthorizeUrl.valid(app.server(), client).set("redirect_uri", "https://evil.example.test/").url());
            assertThat(Browser.status(p)).isEqualTo(400);
            assertThat(lang((HtmlPage) p)).isEqualTo("ko");
            assertThat(((HtmlPage) p).asNormalizedText()).contains("등록되지 않은 복귀 주소");
        }
    }
}
