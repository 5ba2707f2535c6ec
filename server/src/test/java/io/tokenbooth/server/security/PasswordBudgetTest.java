package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.authorize.AuthorizeUrl;
import io.tokenbooth.server.oauth.authorize.Browser;
import io.tokenbooth.server.oauth.authorize.TestClients;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One password budget per source across every place a password is checked (issue 15 defect 6; checklist item 41):
 * {@code POST /api/v1/login} and the authorization endpoint's sign-in form spend the same per-address bucket
 * ({@code rate-limit.login-per-ip=4} here), so splitting attempts over both gains nothing. Each test comes from its
 * own X-Forwarded-For address (trusted here) so the tests do not share a bucket. The buckets live in memory: H2 only.
 */
class PasswordBudgetTest {
    private static final int BUDGET = 4;
    private static final String WRONG = "wrong-but-long-enough-1";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2()
            .set("http.trust-forwarded-for", "true")
            .set("rate-limit.login-per-ip", Integer.toString(BUDGET))
            .set("rate-limit.account-free-failures", "1000");

    private static TestServer.Response apiLogin(String username, String source) {
        return app.server().postJson("/api/v1/login", TestServer.json(Map.of("username", username, "password", WRONG)),
                "X-Forwarded-For", source);
    }

    private static Page formLogin(Browser browser, AuthorizeUrl url, String username) {
        return Browser.signIn(browser.page(url.url()), username, WRONG);
    }

    /** Half the budget on each endpoint, from {@code source}. */
    private static void spendHalfOnEach(Browser browser, AuthorizeUrl url, String source) {
        for (int i = 0; i < BUDGET / 2; i++) {
            Answers.assertError(apiLogin("budget_api_" + i, source), 400, "invalid_grant");
            Page p = formLogin(browser, url, "budget_form_" + i);
            assertThat(Browser.status(p)).as("form attempt %d", i + 1).isEqualTo(200);
        }
    }

    private static Browser browserFrom(String source) {
        Browser browser = new Browser();
        browser.web.addRequestHeader("X-Forwarded-For", source);
        return browser;
    }

    @Test
    void loginWhenFailuresSplitAcrossApiAndAuthorizeFormThenApiRefusesAtTheSameCountAsOnOne() {
        Client client = TestClients.on(app.server()).register();
        try (Browser browser = browserFrom("198.51.100.61")) {
            spendHalfOnEach(browser, AuthorizeUrl.valid(app.server(), client), "198.51.100.61");
        }
        TestServer.Response next = apiLogin("budget_api_next", "198.51.100.61");
        Answers.assertError(next, 429, null);
        assertThat(next.header("Retry-After")).isPresent();
    }

    @Test
    void loginWhenFailuresSplitAcrossApiAndAuthorizeFormThenTheFormRefusesAtTheSameCountAsOnOne() {
        Client client = TestClients.on(app.server()).register();
        try (Browser browser = browserFrom("198.51.100.62")) {
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client);
            spendHalfOnEach(browser, url, "198.51.100.62");
            Page next = formLogin(browser, url, "budget_form_next");
            assertThat(Browser.status(next)).isEqualTo(429);
            assertThat(next.getWebResponse().getResponseHeaderValue("Retry-After")).isNotBlank();
            assertThat(((HtmlPage) next).getElementById("login-error").getTextContent()).contains("Try again later");
        }
    }

    @Test
    void loginWhenIpv6AddressesRotateWithinOne64ThenTheyShareOneBudget() {
        for (int i = 1; i <= BUDGET; i++) {
            Answers.assertError(apiLogin("budget_v6_" + i, "2001:db8:9:9::" + i), 400, "invalid_grant");
        }
        Answers.assertError(apiLogin("budget_v6_next", "2001:db8:9:9:ffff::1"), 429, null);
        Answers.assertError(apiLogin("budget_v6_other", "2001:db8:9:a::1"), 400, "invalid_grant");
    }
}
