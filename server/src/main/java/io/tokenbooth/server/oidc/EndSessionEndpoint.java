package io.tokenbooth.server.oidc;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.tokenbooth.server.http.BrowserForm;
import io.tokenbooth.server.http.SecurityHeaders;
import io.tokenbooth.server.pages.BrowserCookies;
import io.tokenbooth.server.pages.CsrfTokens;
import io.tokenbooth.server.pages.ErrorPage;
import io.tokenbooth.server.pages.HiddenField;
import io.tokenbooth.server.pages.LocaleChoice;
import io.tokenbooth.server.pages.LogoutPage;
import io.tokenbooth.server.pages.Messages;
import io.tokenbooth.server.pages.PageRenderer;
import io.tokenbooth.server.pages.SignedOutPage;
import io.tokenbooth.server.session.LogoutFlow;
import io.tokenbooth.server.session.LogoutRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end-session endpoint of OpenID Connect RP-Initiated Logout 1.0: {@code GET|POST /oauth2/logout}, and
 * {@code POST /oauth2/logout/confirm} for the CSRF-protected confirmation form. Every outcome that signs the user out
 * also expires the session cookie.
 */
public final class EndSessionEndpoint {
    private final LogoutFlow flow;
    private final PageRenderer renderer;
    private final BrowserCookies cookies;
    private final String confirmAction;

    public EndSessionEndpoint(LogoutFlow flow, PageRenderer renderer, BrowserCookies cookies, String issuer) {
        this.flow = flow;
        this.renderer = renderer;
        this.cookies = cookies;
        String base = URI.create(issuer).getRawPath();
        this.confirmAction = (base == null ? "" : base.replaceAll("/+$", "")) + "/oauth2/logout/confirm";
    }

    public void handle(Context ctx) {
        LogoutRequest req = request(ctx);
        write(ctx, req, flow.request(req, session(ctx)));
    }

    public void confirm(Context ctx) {
        LogoutRequest req = request(ctx);
        if (!CsrfTokens.matches(ctx.cookie(cookies.csrfName()), BrowserForm.field(ctx, "csrf_token"))) {
            Messages text = text(ctx, req);
            page(ctx, 403, renderer.render("error", new ErrorPage(renderer.frame(text, null),
                    text.get("error.csrf.title"), text.get("error.csrf"), "invalid_request")));
            return;
        }
        write(ctx, req, flow.confirm(req, session(ctx)));
    }

    private void write(Context ctx, LogoutRequest req, LogoutFlow.Outcome outcome) {
        Messages text = text(ctx, req);
        switch (outcome) {
            case LogoutFlow.Redirect r -> {
                expireSession(ctx);
                SecurityHeaders.htmlPage(ctx, renderer.contentSecurityPolicy());
                ctx.status(ctx.method() == HandlerType.POST ? 303 : 302);
                ctx.header("Location", r.location());
            }
            case LogoutFlow.SignedOut s -> {
                expireSession(ctx);
                page(ctx, 200, renderer.render("signed_out", new SignedOutPage(renderer.frame(text, null),
                        s.returnRefused())));
            }
            case LogoutFlow.Confirm c -> {
                List<HiddenField> hidden = c.request().carried().stream()
                        .map(e -> new HiddenField(e.getKey(), e.getValue())).toList();
                page(ctx, 200, renderer.render("logout", new LogoutPage(renderer.frame(text, csrfToken(ctx)),
                        confirmAction, hidden, c.returnRefused())));
            }
            case LogoutFlow.Invalid i -> page(ctx, 400, renderer.render("error", new ErrorPage(renderer.frame(text, null),
                    text.get("error.title"), text.get("error.logout-invalid"), "invalid_request")));
        }
    }

    private void expireSession(Context ctx) {
        if (ctx.cookie(cookies.sessionName()) != null) {
            ctx.res().addHeader("Set-Cookie", cookies.expiredSession());
        }
    }

    private void page(Context ctx, int status, String html) {
        SecurityHeaders.htmlPage(ctx, renderer.contentSecurityPolicy());
        ctx.status(status);
        ctx.contentType("text/html;charset=utf-8");
        ctx.result(html);
    }

    private String csrfToken(Context ctx) {
        String existing = ctx.cookie(cookies.csrfName());
        if (CsrfTokens.wellFormed(existing)) {
            return existing;
        }
        String token = CsrfTokens.generate();
        ctx.res().addHeader("Set-Cookie", cookies.csrf(token));
        return token;
    }

    private static LogoutRequest request(Context ctx) {
        Map<String, List<String>> form = ctx.method() == HandlerType.POST ? BrowserForm.body(ctx) : Map.of();
        return LogoutRequest.of(BrowserForm.query(ctx), form);
    }

    private Optional<String> session(Context ctx) {
        return Optional.ofNullable(ctx.cookie(cookies.sessionName()));
    }

    private static Messages text(Context ctx, LogoutRequest req) {
        return Messages.of(LocaleChoice.choose(req.uiLocales(), ctx.header("Accept-Language")));
    }
}
