package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.authn.AuthnOutcome;
import io.tokenbooth.server.authn.AuthnOutcome.Authenticated;
import io.tokenbooth.server.authn.Authenticator;
import io.tokenbooth.server.authn.password.PasswordCredentials;
import io.tokenbooth.server.consent.ConsentService;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.LoginProblem;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.Redirect;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowConsent;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowError;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.ShowLogin;
import io.tokenbooth.server.oauth.authorize.AuthorizationOutcome.SignedIn;
import io.tokenbooth.server.oauth.authorize.check.AuthorizationErrors;
import io.tokenbooth.server.session.SsoSessionService;
import io.tokenbooth.server.session.SsoSessionService.Active;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The authorization code flow as the browser lives it (RFC 6749 §4.1, OpenID Connect Core §3.1.2): validate the
 * request, make sure the right user is signed in (SSO session, {@code prompt}, {@code max_age}), get their consent
 * when needed, and answer the client with a code or an error. Each step re-validates the whole request, which the
 * forms carry in hidden fields: nothing the browser sends back is trusted. No HTTP here; thread-safe.
 */
public final class AuthorizationFlow {
    private final AuthorizationRequestValidator validator;
    private final SsoSessionService sessions;
    private final ConsentService consents;
    private final Authenticator<PasswordCredentials> passwords;
    private final AuthorizationCodeIssuer codes;
    private final Clock clock;
    private final String issuer;

    public AuthorizationFlow(AuthorizationRequestValidator validator, SsoSessionService sessions,
                             ConsentService consents, Authenticator<PasswordCredentials> passwords,
                             AuthorizationCodeIssuer codes, Clock clock, String issuer) {
        this.validator = validator;
        this.sessions = sessions;
        this.consents = consents;
        this.passwords = passwords;
        this.codes = codes;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** A request arriving at {@code /oauth2/authorize}. */
    public AuthorizationOutcome authorize(AuthorizationParameters p, Optional<String> sessionCookie) {
        return run(p, req -> {
            Optional<Active> session = sessions.resolve(sessionCookie);
            if (session.isEmpty() || mustAuthenticateAgain(req, session.get())) {
                if (req.prompt("none")) {
                    throw AuthorizationErrors.loginRequired("the user is not signed in, or must sign in again");
                }
                return login(req, p, req.loginHint().orElse(""), LoginProblem.NONE, Optional.empty());
            }
            return approve(req, p, session.get());
        });
    }

    /**
     * The sign-in form was submitted (its CSRF token already checked). A wrong password shows the form again; a
     * right one starts a new SSO session (a new id, never the one the browser had: no session fixation) and goes on
     * to consent or the code. {@code prompt=login} and {@code max_age} are satisfied by this very sign-in. The
     * password is checked and throttled as at the first-party login, with the same budget for {@code source}.
     */
    public AuthorizationOutcome signIn(AuthorizationParameters p, Optional<String> sessionCookie, String username,
                                       String password, String source) {
        return run(p, req -> {
            if (username == null || username.isBlank() || password == null || password.isEmpty()) {
                return login(req, p, username, LoginProblem.MISSING, Optional.empty());
            }
            AuthnOutcome outcome = passwords.authenticate(new PasswordCredentials(username, password), source);
            if (outcome instanceof AuthnOutcome.Failed failed) {
                return login(req, p, username, problem(failed.reason()), failed.retryAfter());
            }
            Authenticated signedIn = (Authenticated) outcome;
            sessions.end(sessionCookie);
            SsoSessionService.Started started = sessions.start(signedIn.account().id(), signedIn.amr());
            AuthorizationOutcome next;
            try {
                next = approve(req, p, new Active(started.session(), signedIn.account()));
            } catch (OAuthException e) {
                next = errorRedirect(req.redirectUri(), p, e);
            }
            return new SignedIn(started.cookieValue(), next);
        });
    }

    /** The consent form was submitted (its CSRF token already checked): Allow remembers and issues a code. */
    public AuthorizationOutcome decide(AuthorizationParameters p, Optional<String> sessionCookie, boolean allow) {
        return run(p, req -> {
            Optional<Active> session = sessions.resolve(sessionCookie);
            if (session.isEmpty()) {
                // The session ended (idle, logout elsewhere) while the page was open: sign in again.
                return login(req, p, req.loginHint().orElse(""), LoginProblem.NONE, Optional.empty());
            }
            if (!allow) {
                throw OAuthException.accessDenied("the user denied the request");
            }
            consents.remember(req.client(), session.get().account().id(), req.scopes());
            return codeRedirect(req, session.get());
        });
    }

    private AuthorizationOutcome run(AuthorizationParameters p, Function<AuthorizationRequest, AuthorizationOutcome> step) {
        RedirectTarget target;
        try {
            target = validator.target(p);
        } catch (AuthorizationPageException e) {
            return new ShowError(e);
        }
        try {
            return step.apply(validator.validate(p, target));
        } catch (OAuthException e) {
            return errorRedirect(target.redirectUri(), p, e);
        }
    }

    /** Signed in: ask for consent if needed (never with {@code prompt=none}), else answer with a code. */
    private AuthorizationOutcome approve(AuthorizationRequest req, AuthorizationParameters p, Active session) {
        if (consents.required(req.client(), session.account().id(), req.scopes(), req.prompt("consent"))) {
            if (req.prompt("none")) {
                throw AuthorizationErrors.consentRequired("the user has not approved this client for the requested scopes");
            }
            return new ShowConsent(req.client(), session.account(), req.scopes(), p);
        }
        return codeRedirect(req, session);
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

    private AuthorizationOutcome codeRedirect(AuthorizationRequest req, Active session) {
        String code = codes.issue(req, session.session());
        return new Redirect(AuthorizationResponses.success(req.redirectUri(), code, req.state(), issuer));
    }

    private Redirect errorRedirect(String redirectUri, AuthorizationParameters p, OAuthException e) {
        return new Redirect(AuthorizationResponses.error(redirectUri, e, p.singleOrEmpty("state"), issuer));
    }

    private static ShowLogin login(AuthorizationRequest req, AuthorizationParameters p, String username,
                                   LoginProblem problem, Optional<Duration> retryAfter) {
        return new ShowLogin(req.client(), p, username == null ? "" : username, problem, retryAfter);
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
}
