package io.tokenbooth.server.oauth.authorize;

import static io.tokenbooth.server.oauth.authorize.Browser.PASSWORD;
import static io.tokenbooth.server.oauth.authorize.Browser.decide;
import static io.tokenbooth.server.oauth.authorize.Browser.isConsentForm;
import static io.tokenbooth.server.oauth.authorize.Browser.redirectParams;
import static io.tokenbooth.server.oauth.authorize.Browser.signIn;
import static io.tokenbooth.server.oauth.authorize.Browser.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pending authorization requests live in the database only (issue 6): two Tokenbooth nodes on one PostgreSQL, an
 * authorization request started on one and resumed (sign-in, consent) on the other, answered once across both; and
 * a database outage mid-flow answered with the 503 page, the request still pending afterwards.
 */
class PostgresPendingAuthorizationClusterTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.on(TestDatabase.Kind.POSTGRES).set("issuer", "http://auth.example.test");

    private static String newUser(TestServer server) {
        String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
        server.signup(name, PASSWORD);
        return name;
    }

    /** Points the page's form at another node, as a load balancer would send the POST there. */
    private static HtmlPage postTo(Page page, TestServer node, String path) {
        HtmlPage html = (HtmlPage) page;
        html.getForms().get(0).setActionAttribute(node.url(path));
        return html;
    }

    @Test
    void authorizationWhenStartedOnOneNodeThenSignInAndConsentResumeOnTheOtherAndAnswerOnce() {
        TestServer first = app.server();
        try (TestServer second = app.secondNode().start(); Browser browser = new Browser()) {
            String user = newUser(first);
            Client client = TestClients.on(first).name("Photo Printer").register();
            AuthorizeUrl url = AuthorizeUrl.valid(first, client);

            HtmlPage login = browser.page(url.url());
            Page consent = signIn(postTo(login, second, "/oauth2/authorize/login"), user, PASSWORD);
            assertThat(isConsentForm(consent)).as("signed in on the second node").isTrue();
            assertThat(consent.getUrl().getPort()).isEqualTo(second.tokenbooth().port());

            Page answer = decide(postTo(consent, second, "/oauth2/authorize/consent"), true);
            assertThat(status(answer)).isEqualTo(303);
            Map<String, String> params = redirectParams(answer);
            assertThat(params).containsKey("code").containsEntry("state", url.get("state"))
                    .containsEntry("iss", "http://auth.example.test");

            // The code works on the first node.
            TestServer.Response token = first.send(HttpRequest.newBuilder(URI.create(first.url("/oauth2/token")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + params.get("code")
                            + "&redirect_uri=" + enc(url.get("redirect_uri")) + "&client_id=" + client.clientId()
                            + "&code_verifier=" + url.verifier)));
            assertThat(token.status()).as(token.body()).isEqualTo(200);

            // Answered on the second node, it is spent on the first as well.
            Page again = decide(postTo(consent, first, "/oauth2/authorize/consent"), true);
            assertThat(status(again)).isEqualTo(400);
            assertThat(again.getWebResponse().getResponseHeaderValue("Location")).isNull();
        }
    }

    @Test
    void signInWhenDatabaseDownThen503PageWithRetryAfterAndTheRequestStillPendingAfterwards() {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
             TestServer server = TestServer.builder(db).set("db-pool-size", "2").start();
             Browser browser = new Browser()) {
            String user = newUser(server);
            HtmlPage login = browser.page(AuthorizeUrl.valid(server, TestClients.on(server).firstParty().register()).url());
            db.adminSql("alter database " + db.pgName() + " allow_connections false");
            db.adminSql("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + db.pgName() + "'");
            Page down = signIn(login, user, PASSWORD);
            assertThat(status(down)).isEqualTo(503);
            assertThat(down.getWebResponse().getResponseHeaderValue("Retry-After")).isNotBlank();
            assertThat(down.getWebResponse().getResponseHeaderValue("Location")).isNull();
            assertThat(down.getWebResponse().getContentAsString()).contains("temporarily unavailable");

            db.adminSql("alter database " + db.pgName() + " allow_connections true");
            // The pool reconnects within its connection timeout; until then the page says 503 again.
            Page[] back = new Page[1];
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status(back[0] = signIn(login, user, PASSWORD)) != 503);
            assertThat(redirectParams(back[0])).containsKey("code");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
