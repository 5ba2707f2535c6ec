package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.api.RegisteredApis;
import io.tokenbooth.server.authn.AuthnOutcome.Authenticated;
import io.tokenbooth.server.authn.AuthnOutcome.Failed;
import io.tokenbooth.server.authn.Authenticator;
import io.tokenbooth.server.authn.password.PasswordCredentials;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.refresh.RefreshFamily;
import java.util.Optional;

/**
 * The first-party login ({@code POST /api/v1/login}): the password authenticator decides, then the built-in client
 * gets its tokens through {@link TokenIssuer} exactly as a registered client does for an authorization code — an
 * access token with scope {@code api} for the client's audience, and a refresh family that remembers the sign-in's
 * {@code auth_time} and {@code amr}. It is not a {@link GrantHandler}: OAuth 2.1 has no password grant, and
 * {@code /oauth2/token} never accepts the built-in client. The family records no audiences, so its refreshes follow
 * the configured audience, as before. With a {@code scope} or a {@code resource} the token is for one registered API
 * instead ({@link FirstPartyTarget}), checked before the password so that a bad request costs no sign-in attempt; the
 * family then remembers that API's audience and the scope, which refreshes may only narrow. Thread-safe.
 */
public final class FirstPartyLoginGrant {
    private final Authenticator<PasswordCredentials> passwords;
    private final TokenIssuer issuer;
    private final Client client;
    private final FirstPartyTarget targets;

    public FirstPartyLoginGrant(Authenticator<PasswordCredentials> passwords, TokenIssuer issuer, Client client,
                                RegisteredApis apis) {
        this.passwords = passwords;
        this.issuer = issuer;
        this.client = client;
        this.targets = new FirstPartyTarget(apis, issuer.defaultAudiences(client));
    }

    /** Without registered APIs: the first-party scope and audience only. */
    public FirstPartyLoginGrant(Authenticator<PasswordCredentials> passwords, TokenIssuer issuer, Client client) {
        this(passwords, issuer, client, RegisteredApis.none());
    }

    /** Signs in with a password from {@code source} and issues the pair, or throws the documented error. */
    public IssuedTokens login(PasswordCredentials credentials, String source) {
        return login(credentials, source, Optional.empty(), Optional.empty());
    }

    /**
     * Signs in and issues the pair for the registered API named by {@code resource} or owning the {@code scope}
     * (neither: the first-party API, as {@link #login(PasswordCredentials, String)}).
     */
    public IssuedTokens login(PasswordCredentials credentials, String source, Optional<String> scope,
                              Optional<String> resource) {
        FirstPartyTarget.Target target = targets.resolve(scope, resource);
        return switch (passwords.authenticate(credentials, source)) {
            case Authenticated a -> issuer.issue(client, new TokenIssuer.UserGrant(a.account().id(),
                    target.scope(), target.audiences(),
                    new RefreshFamily.Details(target.remembered(), Optional.of(a.authTime()), a.amr()),
                    Optional.empty(), true));
            case Failed f -> throw error(f);
        };
    }

    /** The first-party API's answer to each failure (docs/api.md "POST /api/v1/login"). */
    private static OAuthException error(Failed f) {
        return switch (f.reason()) {
            case WRONG_CREDENTIALS -> OAuthException.invalidGrant("invalid username or password");
            case MISSING_INPUT -> OAuthException.invalidRequest("username and password are required");
            case DISABLED -> OAuthException.accessDenied("this account is disabled");
            case THROTTLED -> OAuthException.tooManyRequests(
                    "too many failed logins for this username; try again later", f.retryAfter().orElseThrow());
            // The words every per-address bucket uses (http/RateLimiter), for the password budget "sign-in".
            case SOURCE_LIMITED -> OAuthException.tooManyRequests(
                    "too many sign-in requests from this address; slow down", f.retryAfter().orElseThrow());
            // As the exception mapper answers a saturated bulkhead anywhere else.
            case BUSY -> OAuthException.temporarilyUnavailable("the server is busy; try again shortly",
                    f.retryAfter().orElseThrow());
            case NEEDS_SECOND_STEP -> OAuthException.serverError("a second step is not offered by the first-party API");
        };
    }
}
