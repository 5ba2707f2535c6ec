package io.tokenbooth.server.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;

/**
 * A browser without JavaScript (HtmlUnit) that does not follow redirects, so that a test can read where the server
 * sends it: another page of ours, or the client's redirect URI with the code or the error.
 */
public final class Browser implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery staple";
    public final WebClient web = new WebClient(BrowserVersion.BEST_SUPPORTED);

    public Browser() {
        web.getOptions().setJavaScriptEnabled(false);
        web.getOptions().setCssEnabled(false);
        web.getOptions().setRedirectEnabled(false);
        web.getOptions().setThrowExceptionOnFailingStatusCode(false);
        web.getOptions().setPrintContentOnFailingStatusCode(false);
    }

    public Browser language(String acceptLanguage) {
        web.addRequestHeader("Accept-Language", acceptLanguage);
        return this;
    }

    public Page get(String url) {
        try {
            return web.getPage(url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a URL expected to show a page of ours. */
    public HtmlPage page(String url) {
        Page p = get(url);
        assertThat(p).as("an HTML page at %s, got %s %s", url, p.getWebResponse().getStatusCode(),
                p.getWebResponse().getResponseHeaderValue("Location")).isInstanceOf(HtmlPage.class);
        return (HtmlPage) p;
    }

    /** Fills the sign-in form and submits it. */
    public static Page signIn(HtmlPage loginPage, String username, String password) {
        HtmlForm form = loginPage.getForms().get(0);
        form.getInputByName("username").setValue(username);
        form.getInputByName("password").setValue(password);
        return submit(form, null);
    }

    /** Presses Allow or Deny on the consent page. */
    public static Page decide(HtmlPage consentPage, boolean allow) {
        return submit(consentPage.getForms().get(0), allow ? "allow" : "deny");
    }

    private static Page submit(HtmlForm form, String decision) {
        try {
            HtmlButton button = decision == null
                    ? form.getFirstByXPath(".//button[@type='submit']")
                    : form.getFirstByXPath(".//button[@value='" + decision + "']");
            assertThat(button).as("the submit button").isNotNull();
            return button.click();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isLoginForm(Page p) {
        return p instanceof HtmlPage h && h.getFirstByXPath("//input[@name='password']") != null;
    }

    public static boolean isConsentForm(Page p) {
        return p instanceof HtmlPage h && h.getFirstByXPath("//button[@value='allow']") != null;
    }

    public static int status(Page p) {
        return p.getWebResponse().getStatusCode();
    }

    /** The {@code Location} of a redirect response; fails the test if the response is not a redirect. */
    public static String location(Page p) {
        WebResponse r = p.getWebResponse();
        assertThat(r.getStatusCode()).as("a redirect, got: %s", r.getContentAsString()).isIn(302, 303);
        return r.getResponseHeaderValue("Location");
    }

    /** The query parameters of a redirect to the client. */
    public static Map<String, String> redirectParams(Page p) {
        return query(location(p));
    }

    public static Map<String, String> query(String uri) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = URI.create(uri).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.put(k, v);
            }
        }
        return m;
    }

    @Override
    public void close() {
        web.close();
    }
}
