package io.tokenbooth.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The precompiled templates: escaping in every context they use, and their accessible structure. */
class PageRendererTest {
    private static final String XSS = "<script>alert(1)</script>\"'&";
    private final PageRenderer renderer = new PageRenderer();
    private final Messages en = Messages.of(Locale.ENGLISH);

    @Test
    void consentWhenValuesCarryMarkupThenEscapedEverywhere() {
        String html = renderer.render("consent", new ConsentPage(renderer.frame(en, "tok"), XSS, XSS, XSS,
                List.of(en.scope("openid"), en.scope(XSS)), "/oauth2/authorize/consent", XSS));
        assertThat(html).doesNotContain("<script>").contains("&lt;script>alert(1)&lt;/script>")
                .contains("Confirm your identity").contains("<html lang=\"en\">");
        assertThat(html).contains("name=\"decision\" value=\"allow\"").contains("name=\"decision\" value=\"deny\"");
    }

    @Test
    void loginWhenErrorThenLinkedToBothFieldsAndAnnounced() {
        String html = renderer.render("login", new LoginPage(renderer.frame(en, "tok"), "App", "/x", "id", "alice",
                en.get("login.error.credentials")));
        assertThat(html).contains("id=\"login-error\" class=\"error\" role=\"alert\"")
                .contains("aria-describedby=\"login-error\"").contains("aria-invalid=\"true\"")
                .contains("<label for=\"username\">").contains("<label for=\"password\">");
        assertThat(html.indexOf("id=\"username\"")).isLessThan(html.indexOf("id=\"password\""));
        assertThat(html.indexOf("id=\"password\"")).isLessThan(html.indexOf("type=\"submit\""));
    }

    @Test
    void errorWhenRenderedInKoreanThenLangKo() {
        Messages ko = Messages.of(Locale.KOREAN);
        String html = renderer.render("error", new ErrorPage(renderer.frame(ko, null), ko.get("error.title"),
                ko.format("error.unknown-client", XSS), "invalid_client"));
        assertThat(html).contains("<html lang=\"ko\">").contains("문제가 발생했습니다").doesNotContain("<script>");
    }

    @Test
    void everyPageWhenRenderedThenCarriesTheHashedStylesheetAndNoScript() {
        for (String html : List.of(
                renderer.render("signed_out", new SignedOutPage(renderer.frame(en, null), false)),
                renderer.render("signed_out", new SignedOutPage(renderer.frame(en, null), true)),
                renderer.render("logout", new LogoutPage(renderer.frame(en, "tok"), "/oauth2/logout/confirm",
                        List.of(new HiddenField("state", "s")), false)),
                renderer.render("logout", new LogoutPage(renderer.frame(en, "tok"), "/oauth2/logout/confirm",
                        List.of(new HiddenField("state", "s")), true)))) {
            assertThat(html).contains("<style>" + renderer.stylesheet() + "</style>").doesNotContain("<script");
        }
        assertThat(renderer.contentSecurityPolicy()).matches(".*style-src 'sha256-[A-Za-z0-9+/]+=*'.*");
    }

    @Test
    void formatWhenArgumentLooksLikeAPlaceholderThenLeftAsIs() {
        assertThat(en.format("login.intro", "{0}{1}")).isEqualTo("Sign in to continue to {0}{1}.");
        assertThat(en.scope("weird$1\\")).isEqualTo("Use the permission \"weird$1\\\"");
    }
}
