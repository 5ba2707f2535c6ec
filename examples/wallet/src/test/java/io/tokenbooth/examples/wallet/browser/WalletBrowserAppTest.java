package io.tokenbooth.examples.wallet.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenbooth.server.app.Tokenbooth;
import io.tokenbooth.server.browser.Chromium;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/**
 * The wallet's browser app end to end in real headless Chromium: a real Tokenbooth (H2) and a real wallet on two
 * loopback origins; the app signs in with authorization code + PKCE through Tokenbooth's own sign-in and consent pages,
 * exchanges the code by CORS, moves money through the wallet API with its Bearer token, renews its tokens before they
 * expire and logs out (revocation + RP-initiated logout). The same app served from an origin no client registered
 * cannot reach the token endpoint: CORS blocks it.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}; skipped without them, except under
 * {@code CI=true}, where that fails (as the server's Chromium tests).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletBrowserAppTest {
    private static final String CLIENT_ID = "wallet-web";
    private static final String USERNAME = "minji";
    private static final String PASSWORD = "amber-quarry-lantern-83";
    /** Short, so that the app's renewal (at three quarters of the lifetime) happens while the test runs. */
    private static final Duration ACCESS_TOKEN_TTL = Duration.ofSeconds(8);

    private Optional<String> missingBrowser = Optional.empty();
    private TestDatabase db;
    private Tokenbooth tokenbooth;
    private RunningWallet wallet;

    @BeforeAll
    void start() throws Exception {
        missingBrowser = Chromium.missing();
        if (missingBrowser.isPresent()) {
            return;
        }
        db = TestDatabase.create(TestDatabase.Kind.H2);
        tokenbooth = startTokenbooth(db);
        wallet = RunningWallet.start(tokenbooth.issuer(), CLIENT_ID);
        String origin = wallet.origin();
        // The two registrations docs/wallet.md gives: the API ("api add wallet"), then the app's public client with
        // this redirect URI and web origin and the API's scopes ("client add wallet-web"; no audience of its own: the
        // API's scopes let it name the API as its resource) -- plus offline_access, as with openid Tokenbooth issues
        // refresh tokens only then (OpenID Connect Core §11), and the wallet's own origin as the post-logout redirect
        // URI (the wallet's default in /config.json).
        tokenbooth.services().apis.register("wallet", RunningWallet.AUDIENCE, List.of("wallet:read", "wallet:write"),
                Optional.empty());
        tokenbooth.services().clients.register(new ClientRegistration(CLIENT_ID, Optional.of("Wallet"),
                true, Optional.empty(), Optional.empty(), Optional.empty(), List.of(origin + "/callback"), List.of(origin + "/"),
                List.of(), List.of("openid", "offline_access", "wallet:read", "wallet:write"), List.of(),
                List.of(origin), false, Optional.of(ACCESS_TOKEN_TTL), Optional.empty(), Optional.empty()));
        signup(USERNAME, PASSWORD);
    }

    /**
     * Tokenbooth as the server's tests start it (cheap password hashing, no rate limits), but on the system clock:
     * the wallet, like any resource server, checks {@code exp} and {@code iat} against its own clock.
     */
    private static Tokenbooth startTokenbooth(TestDatabase db) {
        Map<String, String> settings = new HashMap<>(db.settings());
        settings.putAll(Map.of("port", "0", "passwords.argon2-memory-kib", "1024", "passwords.argon2-iterations", "1",
                "rate-limit.login-per-ip", "0", "rate-limit.authorize-per-ip", "0"));
        return Tokenbooth.start(ConfigLoader.load(settings, Map.of(), Optional.empty()), Clock.systemUTC());
    }

    private void signup(String username, String password) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/v1/signup")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.json(Map.of("username", username,
                        "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + tokenbooth.port() + path;
    }

    @BeforeEach
    void browserInstalled() {
        Chromium.assumeInstalled(missingBrowser);
    }

    @AfterAll
    void stop() {
        if (wallet != null) {
            wallet.close();
        }
        if (tokenbooth != null) {
            tokenbooth.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void logInDepositPaySeeBalanceRenewAndLogOut() throws Exception {
        try (Chromium browser = new Chromium()) {
            WalletPage app = new WalletPage(browser);
            browser.open(wallet.origin() + "/");
            assertThat(browser.lang()).isEqualTo("en");
            app.button("Log in").click();

            // Tokenbooth's own pages: sign in, then consent for this (not first-party) client.
            app.await("the sign-in page", d -> browser.showsLoginForm() ? true : null);
            assertThat(browser.url()).startsWith(url("/oauth2/authorize"))
                    .contains("code_challenge_method=S256").contains("resource=");
            browser.fill("username", USERNAME);
            browser.fill("password", PASSWORD);
            browser.clickAndWait(By.cssSelector("button[type=submit]"));
            assertThat(browser.showsConsent()).as("the consent page; %s", browser.describe()).isTrue();
            browser.clickAndWait(By.cssSelector("button[value=allow]"));

            // Back in the app: signed in, the code gone from the address bar, an empty wallet.
            app.awaitBalance("₩0");
            assertThat(browser.url()).isEqualTo(wallet.origin() + "/");
            assertThat(app.showsButton("Log in")).isFalse();
            assertTokensNotStored(browser);

            app.type("Amount", "10000");
            app.button("Deposit").click();
            app.awaitBalance("₩10,000");

            app.type("Amount", "3000");
            app.type("Merchant", "Corner Cafe");
            app.button("Pay").click();
            app.awaitBalance("₩7,000");
            app.await("the payment in the entries", d -> app.entries().contains("Corner Cafe") ? true : null);
            browser.screenshot("wallet-app-en.png");

            // Overdraft: 409 from the wallet, told in the alert region; nothing moved.
            app.type("Amount", "50000");
            app.button("Withdraw").click();
            assertThat(app.awaitError()).isEqualTo("Not enough money in the wallet for that.");
            assertThat(app.balance()).isEqualTo("₩7,000");

            // Renewal before expiry: with no user action, the app spends its refresh token on its own (its timer, at
            // three quarters of the lifetime), and keeps working with the new tokens.
            String spent = "select count(*) from refresh_tokens where spent_at is not null";
            long spentBefore = count(spent);
            await("the app's refresh token spent by a renewal").atMost(ACCESS_TOKEN_TTL.multipliedBy(2))
                    .until(() -> count(spent) > spentBefore);
            app.type("Amount", "500");
            app.button("Withdraw").click();
            app.awaitBalance("₩6,500");
            assertTokensNotStored(browser);

            // Log out: the refresh token family is revoked, and the ID token hint ends the SSO session at once;
            // Tokenbooth sends the browser back to the wallet (its registered post-logout redirect URI).
            app.button("Log out").click();
            app.await("back on the wallet, signed out", d -> browser.url().equals(wallet.origin() + "/")
                    && app.showsButton("Log in") ? true : null);
            assertThat(count("select count(*) from refresh_families where revoked_at is null")).isZero();
            browser.open(wallet.origin() + "/");
            app.button("Log in").click();
            app.await("the sign-in page again: the SSO session ended", d -> browser.showsLoginForm() ? true : null);
        }
    }

    @Test
    void koreanWhenTheBrowserPrefersIt() throws Exception {
        try (Chromium browser = new Chromium()) {
            WalletPage app = new WalletPage(browser);
            browser.open(wallet.origin() + "/");
            app.button("Log in");
            app.button("한국어").click();
            app.button("로그인");
            assertThat(browser.lang()).isEqualTo("ko");
            app.button("English").click();
            app.button("Log in");
        }
    }

    @Test
    void unlistedOriginIsBlockedByCorsAtTheTokenEndpoint() throws Exception {
        // The same server under another name is another origin (scheme, host, port), registered by no client.
        String unlisted = wallet.origin().replace("127.0.0.1", "localhost");
        String script = """
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', body: new URLSearchParams(
                        {grant_type: 'refresh_token', refresh_token: 'x', client_id: arguments[1]})})
                    .then(r => done('answered ' + r.status), e => done('blocked ' + e.name));
                """;
        try (Chromium browser = new Chromium()) {
            browser.open(wallet.origin() + "/");
            assertThat(browser.driver.executeAsyncScript(script, url("/oauth2/token"), CLIENT_ID))
                    .as("the registered origin reads the token endpoint's answer").isEqualTo("answered 400");

            browser.open(unlisted + "/");
            assertThat(browser.driver.executeAsyncScript(script, url("/oauth2/token"), CLIENT_ID))
                    .as("an unlisted origin cannot read it").isEqualTo("blocked TypeError");
            // The app itself cannot even read the discovery document there, and says so.
            assertThat(new WalletPage(browser).awaitError()).startsWith("The app could not start");
        }
    }

    /** Neither Web Storage area holds a token (JWTs start with "eyJ"); sessionStorage is empty after the callback. */
    private static void assertTokensNotStored(Chromium browser) {
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
        assertThat((String) browser.script("return JSON.stringify(Object.entries(localStorage))"))
                .doesNotContain("eyJ");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = tokenbooth.services().database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
