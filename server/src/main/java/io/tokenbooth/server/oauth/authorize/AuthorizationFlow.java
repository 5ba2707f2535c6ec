package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.authn.AuthnOutcome;
import io.tokenbooth.server.authn.Authenticator;
import io.tokenbooth.server.authn.password.PasswordCredentials;
import io.tokenbooth.server.consent.ConsentService;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.LoginProblem;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.Redirect;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowConsent;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowError;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowLogin;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowTooManyRequests;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.SignedIn;
import io.tokenbooth.server.oauth.authorize.check.AuthorizationErrors;
import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorization;
import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorization.Authenticated;
import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorizations;
import io.tokenbooth.server.session.SsoSession;
import io.tokenbooth.server.session.SsoSessionService;
import io.tokenbooth.server.session.SsoSessionService.Active;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The authorization code flow as the browser lives it (RFC 6749 §4.1, OpenID Connect Core §3.1.2): validate the
 * request, make sure the right user is signed in (SSO session, {@code prompt}, {@code max_age}), get their consent
 * when needed, and answer the client with a code or an error.
 * <p>
 * A request that needs a page is kept server-side as a pending request ({@link PendingAuthorizations}); the pages
 * carry only its id, and each step resumes it from the database, on any node. At resume the stored request is
 * validated again against the client as registered now (it may have been removed, lost the redirect URI or a
 * scope), the consent step requires the SSO session of the account that the page named, and the request is
 * completed (a compare-and-set) before the one redirect that answers it. No HTTP here; thread-safe.
 */
public final class AuthorizationFlow {
    private final AuthorizationRequestValidator validator;
    private final SsoSessionService sessions;
    private final ConsentService consents;
    private final Authenticator<PasswordCredentials> passwords;
    private final AuthorizationCodeIssuer codes;
    private final PendingAuthorizations pending;
    private final Clock clock;
    private final String issuer;

    public AuthorizationFlow(AuthorizationRequestValidator validator, SsoSessionService sessions,
                             ConsentService consents, Authenticator<PasswordCredentials> passwords,
                             AuthorizationCodeIssuer codes, PendingAuthorizations pending, Clock clock,
                             String issuer) {
        this.validator = validator;
        this.sessions = sessions;
        this.consents = consents;
        this.passwords = passwords;
        this.codes = codes;
        this.pending = pending;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** One step of the flow, on the validated request and where it is kept. */
    private interface Step {
        AuthorizationOutcome apply(Answer a);
    }

    /**
     * A request arriving at {@code /oauth2/authorize} from the browser holding the binding cookie value
     * {@code binding} (the caller makes one if it has none), from {@code source}. Nothing is stored unless a page
     * must be shown.
     */
    public AuthorizationOutcome authorize(AuthorizationParameters p, Optional<String> sessionCookie, String binding,
                                          String source) {
        return run(p, PendingHandle.fresh(pending, binding, source), a -> {
            Optional<Active> session = sessions.resolve(sessionCookie);
            if (session.isEmpty() || mustAuthenticateAgain(a.req(), session.get())) {
                if (a.req().prompt("none")) {
                    throw AuthorizationErrors.loginRequired("the user is not signed in, or must sign in again");
                }
                return login(a, a.req().loginHint().orElse(""), LoginProblem.NONE, Optional.empty());
            }
            return approve(a, session.get());
        });
    }

    /**
     * The sign-in form of pending request {@code requestId} was submitted (its CSRF token already checked). A wrong
     * password shows the form again; a right one starts a new SSO session (a new id, never the one the browser had:
     * no session fixation), is recorded on the pending request, and goes on to consent or the code.
     * {@code prompt=login} and {@code max_age} are satisfied by this very sign-in. The password is checked and
     * throttled as at the first-party login, with the same budget for {@code source}.
     */
    public AuthorizationOutcome signIn(String requestId, String binding, Optional<String> sessionCookie,
                                       String username, String password, String source) {
        return resume(requestId, binding, a -> {
            if (username == null || username.isBlank() || password == null || password.isEmpty()) {
                return login(a, username, LoginProblem.MISSING, Optional.empty());
            }
            AuthnOutcome outcome = passwords.authenticate(new PasswordCredentials(username, password), source);
            if (outcome instanceof AuthnOutcome.Failed failed) {
                return login(a, username, problem(failed.reason()), failed.retryAfter());
            }
            AuthnOutcome.Authenticated signedIn = (AuthnOutcome.Authenticated) outcome;
            sessions.end(sessionCookie);
            SsoSessionService.Started started = sessions.start(signedIn.account().id(), signedIn.amr());
            a.pending().authenticated(authenticated(started.session()));
            AuthorizationOutcome next;
            try {
                next = approve(a, new Active(started.session(), signedIn.account()));
            } catch (OAuthException e) {
                next = errorRedirect(a, e);
            }
            return new SignedIn(started.cookieValue(), next);
        });
    }

    /**
     * The consent form of pending request {@code requestId} was submitted (its CSRF token already checked): Allow
     * remembers and issues a code. The SSO session must still be that of the account the consent page named.
     */
    public AuthorizationOutcome decide(String requestId, String binding, Optional<String> sessionCookie,
                                       boolean allow) {
        return resume(requestId, binding, a -> {
            Optional<Active> session = sessions.resolve(sessionCookie);
            if (session.isEmpty() || !a.pending().authenticatedAs(session.get().account().id())) {
                // The session ended (idle, logout elsewhere) or changed hands while the page was open: sign in again.
                return login(a, a.req().loginHint().orElse(""), LoginProblem.NONE, Optional.empty());
            }
            if (!allow) {
                throw OAuthException.accessDenied("the user denied the request");
            }
            consents.remember(a.req().client(), session.get().account().id(), a.req().scopes());
            return codeRedirect(a, session.get());
        });
    }

    /** Resumes a pending request: unknown, expired, completed, or another browser's is an error page. */
    private AuthorizationOutcome resume(String requestId, String binding, Step step) {
        Optional<PendingAuthorization> stored = pending.resume(requestId, binding);
        if (stored.isEmpty()) {
            return invalidPendingRequest(Optional.empty());
        }
        return run(AuthorizationParameters.of(stored.get().parameters()),
                PendingHandle.resumed(pending, requestId, stored.get()), step);
    }

    private AuthorizationOutcome run(AuthorizationParameters p, PendingHandle handle, Step step) {
        Optional<String> locales = p.singleOrEmpty("ui_locales");
        RedirectTarget target;
        try {
            target = validator.target(p);
        } catch (AuthorizationPageException e) {
            handle.complete(); // a resumed request whose client or redirect URI is gone ends here
            return new ShowError(e, locales);
        }
        Answer a;
        try {
            a = new Answer(handle, validator.validate(p, target), locales);
        } catch (OAuthException e) {
            return errorRedirect(handle, target.redirectUri(), p.singleOrEmpty("state"), locales, e);
        }
        try {
            return step.apply(a);
        } catch (OAuthException e) {
            return errorRedirect(a, e);
        } catch (PendingAuthorizations.TooManyRequests e) {
            return new ShowTooManyRequests(e.retryAfter(), locales);
        }
    }

    /** Signed in: ask for consent if needed (never with {@code prompt=none}), else answer with a code. */
    private AuthorizationOutcome approve(Answer a, Active session) {
        AuthorizationRequest req = a.req();
        if (consents.required(req.client(), session.account().id(), req.scopes(), req.prompt("consent"))) {
            if (req.prompt("none")) {
                throw AuthorizationErrors.consentRequired("the user has not approved this client for the requested scopes");
            }
            String id = a.pending().pageId(req, a.uiLocales(), Optional.of(authenticated(session.session())));
            return new ShowConsent(req.client(), session.account(), req.scopes(), id, a.uiLocales());
        }
        return codeRedirect(a, session);
    }

    /**
     * OIDC Core §3.1.2.1: {@code prompt=login} (and {@code select_account}, which we answer with the sign-in form so
     * the user can choose the account) asks for a fresh sign-in; {@code max_age} for one no older than that.
     */
    private boolean mustAuthenticateAgain(AuthorizationRequest req, Active session) {
        if (req.prompt("login") || req.prompt("select_account")) {
            return true;
        }
        return req.maxAgeSeconds()
                .map(max -> clock.instant().isAfter(session.session().authTime().plusSeconds(max)))
                .orElse(false);
    }

    private AuthorizationOutcome codeRedirect(Answer a, Active session) {
        if (!a.pending().complete()) {
            return invalidPendingRequest(a.uiLocales());
        }
        String code = codes.issue(a.req(), session.session());
        return new Redirect(AuthorizationResponses.success(a.req().redirectUri(), code, a.req().state(), issuer));
    }

    private AuthorizationOutcome errorRedirect(Answer a, OAuthException e) {
        return errorRedirect(a.pending(), a.req().redirectUri(), a.req().state(), a.uiLocales(), e);
    }

    private AuthorizationOutcome errorRedirect(PendingHandle handle, String redirectUri, Optional<String> state,
                                               Optional<String> uiLocales, OAuthException e) {
        if (!handle.complete()) {
            return invalidPendingRequest(uiLocales);
        }
        return new Redirect(AuthorizationResponses.error(redirectUri, e, state, issuer));
    }

    private ShowLogin login(Answer a, String username, LoginProblem problem, Optional<Duration> retryAfter) {
        String id = a.pending().pageId(a.req(), a.uiLocales(), Optional.empty());
        return new ShowLogin(a.req().client(), id, username == null ? "" : username, problem, retryAfter, a.uiLocales());
    }

    private static ShowError invalidPendingRequest(Optional<String> uiLocales) {
        return new ShowError(new AuthorizationPageException(AuthorizationPageException.Reason.PENDING_REQUEST_INVALID,
                Optional.empty()), uiLocales);
    }

    private static Authenticated authenticated(SsoSession s) {
        return new Authenticated(s.accountId(), s.amr(), s.authTime());
    }

    /** What the sign-in form says about each failure; its Retry-After comes with the failure. */
    private static LoginProblem problem(AuthnOutcome.Failure failure) {
        return switch (failure) {
            case WRONG_CREDENTIALS -> LoginProblem.CREDENTIALS;
            case THROTTLED, SOURCE_LIMITED -> LoginProblem.THROTTLED;
            case DISABLED -> LoginProblem.DISABLED;
            case BUSY -> LoginProblem.BUSY;
            case MISSING_INPUT -> LoginProblem.MISSING;
            case NEEDS_SECOND_STEP -> throw new IllegalStateException("no sign-in method asks for a second step yet");
        };
    }

    /** The validated request being answered, where it is kept, and the language of its pages. */
    private record Answer(PendingHandle pending, AuthorizationRequest req, Optional<String> uiLocales) {
    }
}
