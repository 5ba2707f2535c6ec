package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowConsent;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowLogin;
import io.tokenbooth.server.pages.ConsentPage;
import io.tokenbooth.server.pages.ErrorPage;
import io.tokenbooth.server.pages.LoginPage;
import io.tokenbooth.server.pages.Messages;
import io.tokenbooth.server.pages.PageRenderer;
import java.net.URI;
import java.util.List;

/**
 * The HTML of the authorization flow's pages, in the user's language. Form actions are absolute paths under the
 * issuer's path, so the pages work behind a proxy that publishes Tokenbooth under a prefix. Thread-safe.
 */
public final class AuthorizationPages {
    private final PageRenderer renderer;
    private final String loginAction;
    private final String consentAction;

    public AuthorizationPages(PageRenderer renderer, String issuer) {
        this.renderer = renderer;
        String base = URI.create(issuer).getRawPath();
        base = base == null ? "" : base.replaceAll("/+$", "");
        this.loginAction = base + "/oauth2/authorize/login";
        this.consentAction = base + "/oauth2/authorize/consent";
    }

    public String login(ShowLogin s, Messages text, String csrfToken) {
        String error = s.problem().messageKey() == null ? null : text.get(s.problem().messageKey());
        return renderer.render("login", new LoginPage(renderer.frame(text, csrfToken), s.client().clientName(),
                loginAction, s.requestId(), s.username(), error));
    }

    public String consent(ShowConsent s, Messages text, String csrfToken) {
        List<String> scopes = s.scopes().stream().map(text::scope).toList();
        return renderer.render("consent", new ConsentPage(renderer.frame(text, csrfToken), s.client().clientName(),
                s.client().clientId(), s.account().username(), scopes, consentAction, s.requestId()));
    }

    public String error(AuthorizationPageException e, Messages text) {
        return renderer.render("error", new ErrorPage(renderer.frame(text, null), text.get("error.title"),
                text.format(e.reason().messageKey(), e.detail().orElse("")), e.error()));
    }

    /** The answer to a form POST whose CSRF token is missing or wrong. */
    public String csrfFailure(Messages text) {
        return renderer.render("error", new ErrorPage(renderer.frame(text, null), text.get("error.csrf.title"),
                text.get("error.csrf"), "invalid_request"));
    }

    /** The answer when this source started too many pending authorization requests. */
    public String tooManyRequests(Messages text) {
        return renderer.render("error", new ErrorPage(renderer.frame(text, null), text.get("error.title"),
                text.get("error.too-many-requests"), "slow_down"));
    }

    public String unavailable(Messages text) {
        return renderer.render("error", new ErrorPage(renderer.frame(text, null), text.get("error.title"),
                text.get("error.unavailable"), "temporarily_unavailable"));
    }

    public String contentSecurityPolicy() {
        return renderer.contentSecurityPolicy();
    }
}
