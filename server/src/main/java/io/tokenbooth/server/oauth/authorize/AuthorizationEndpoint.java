package io.tokenbooth.server.oauth.authorize;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.tokenbooth.server.http.BrowserForm;
import io.tokenbooth.server.http.ClientAddress;
import io.tokenbooth.server.http.SecurityHeaders;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.Redirect;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowConsent;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowError;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowLogin;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowTooManyRequests;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.SignedIn;
import io.tokenbooth.server.pages.BrowserCookies;
import io.tokenbooth.server.pages.CsrfTokens;
import io.tokenbooth.server.pages.LocaleChoice;
import io.tokenbooth.server.pages.Messages;
import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorizations;
import io.tokenbooth.server.storage.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The browser side of the authorization endpoint:
 * <ul>
 * <li>{@code GET|POST /oauth2/authorize}: the request from the client (RFC 6749 §4.1.1, OIDC Core §3.1.2.1);</li>
 * <li>{@code POST /oauth2/authorize/login}: the sign-in form;</li>
 * <li>{@code POST /oauth2/authorize/consent}: the consent form.</li>
 * </ul>
 * Both forms are CSRF-protected (double submit) and carry only the id of the pending request they resume (see
 * {@link AuthorizationFlow}), which the browser's binding cookie must match; answers to a POST redirect with 303
 * (RFC 9700 §4.12).
 */
public final class AuthorizationEndpoint {
    private final AuthorizationFlow flow;
    private final AuthorizationPages pages;
    private final BrowserCookies cookies;
    private final ClientAddress clientAddress;

    public AuthorizationEndpoint(AuthorizationFlow flow, AuthorizationPages pages, BrowserCookies cookies,
                                 ClientAddress clientAddress) {
        this.flow = flow;
        this.pages = pages;
        this.cookies = cookies;
        this.clientAddress = clientAddress;
    }

    public void authorize(Context ctx) {
        AuthorizationParameters p = parameters(ctx);
        Optional<String> existing = Optional.ofNullable(ctx.cookie(cookies.pendingName()))
                .filter(PendingAuthorizations::wellFormed);
        String binding = existing.orElseGet(PendingAuthorizations::newBinding);
        answer(ctx, p.singleOrEmpty("ui_locales"), () -> {
            AuthorizationOutcome outcome = flow.authorize(p, session(ctx), binding, clientAddress.source(ctx));
            if (existing.isEmpty() && (outcome instanceof ShowLogin || outcome instanceof ShowConsent)) {
                ctx.res().addHeader("Set-Cookie", cookies.pending(binding));
            }
            return outcome;
        });
    }

    public void login(Context ctx) {
        if (!csrfValid(ctx)) {
            page(ctx, 403, pages.csrfFailure(text(ctx, Optional.empty())));
            return;
        }
        String username = BrowserForm.field(ctx, "username");
        answer(ctx, Optional.empty(), () -> flow.signIn(requestId(ctx), binding(ctx), session(ctx), username,
                BrowserForm.field(ctx, "password"), clientAddress.source(ctx)));
    }

    public void consent(Context ctx) {
        if (!csrfValid(ctx)) {
            page(ctx, 403, pages.csrfFailure(text(ctx, Optional.empty())));
            return;
        }
        boolean allow = "allow".equals(BrowserForm.field(ctx, "decision"));
        answer(ctx, Optional.empty(), () -> flow.decide(requestId(ctx), binding(ctx), session(ctx), allow));
    }

    /** Runs a step; {@code uiLocales} chooses the language of the 503 page when the store is down. */
    private void answer(Context ctx, Optional<String> uiLocales, Supplier<AuthorizationOutcome> step) {
        try {
            write(ctx, step.get());
        } catch (StoreUnavailableException e) {
            ctx.header("Retry-After", "5");
            page(ctx, 503, pages.unavailable(text(ctx, uiLocales)));
        }
    }

    private void write(Context ctx, AuthorizationOutcome outcome) {
        Messages text = text(ctx, outcome.uiLocales());
        switch (outcome) {
            case SignedIn s -> {
                ctx.res().addHeader("Set-Cookie", cookies.session(s.sessionCookie()));
                write(ctx, s.next());
            }
            case Redirect r -> {
                SecurityHeaders.htmlPage(ctx, pages.contentSecurityPolicy());
                ctx.status(ctx.method() == HandlerType.POST ? 303 : 302);
                ctx.header("Location", r.location());
            }
            case ShowLogin l -> {
                l.retryAfter().ifPresent(d -> retryAfter(ctx, d));
                page(ctx, l.problem().status(), pages.login(l, text, csrfToken(ctx)));
            }
            case ShowConsent c -> page(ctx, 200, pages.consent(c, text, csrfToken(ctx)));
            case ShowError e -> page(ctx, 400, pages.error(e.error(), text));
            case ShowTooManyRequests t -> {
                retryAfter(ctx, t.retryAfter());
                page(ctx, 429, pages.tooManyRequests(text));
            }
        }
    }

    private static void retryAfter(Context ctx, Duration d) {
        ctx.header("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000)));
    }

    private void page(Context ctx, int status, String html) {
        SecurityHeaders.htmlPage(ctx, pages.contentSecurityPolicy());
        ctx.status(status);
        ctx.contentType("text/html;charset=utf-8");
        ctx.result(html);
    }

    private static AuthorizationParameters parameters(Context ctx) {
        Map<String, List<String>> form = ctx.method() == HandlerType.POST ? BrowserForm.body(ctx) : Map.of();
        return AuthorizationParameters.of(BrowserForm.query(ctx), form);
    }

    private Optional<String> session(Context ctx) {
        return Optional.ofNullable(ctx.cookie(cookies.sessionName()));
    }

    private static Messages text(Context ctx, Optional<String> uiLocales) {
        return Messages.of(LocaleChoice.choose(uiLocales, ctx.header("Accept-Language")));
    }

    /** The pending request the form resumes. */
    private static String requestId(Context ctx) {
        return BrowserForm.field(ctx, "request_id");
    }

    /** The browser's binding cookie; a missing one matches no pending request. */
    private String binding(Context ctx) {
        return ctx.cookie(cookies.pendingName());
    }

    /** The browser's CSRF token, set as a cookie first if it has none. */
    private String csrfToken(Context ctx) {
        String existing = ctx.cookie(cookies.csrfName());
        if (CsrfTokens.wellFormed(existing)) {
            return existing;
        }
        String token = CsrfTokens.generate();
        ctx.res().addHeader("Set-Cookie", cookies.csrf(token));
        return token;
    }

    private boolean csrfValid(Context ctx) {
        return CsrfTokens.matches(ctx.cookie(cookies.csrfName()), BrowserForm.field(ctx, "csrf_token"));
    }
}
