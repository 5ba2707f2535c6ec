package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.authn.AuthnOutcome.Authenticated;
import io.tokenbooth.server.authn.AuthnOutcome.Failed;
import io.tokenbooth.server.authn.Authenticator;
import io.tokenbooth.server.authn.password.PasswordCredentials;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.FirstPartyClient;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.refresh.RefreshFamily;
import java.util.List;
import java.util.Optional;

/**
 * The first-party login ({@code POST /api/v1/login}): the password authenticator decides, then the built-in client
 * gets its tokens through {@link TokenIssuer} exactly as a registered client does for an authorization code — an
 * access token with scope {@code api} for the client's audience, and a refresh family that remembers the sign-in's
 * {@code auth_time} and {@code amr}. It is not a {@link GrantHandler}: OAuth 2.1 has no password grant, and
 * {@code /oauth2/token} never accepts the built-in client. The family records no audiences, so its refreshes follow
 * the configured audience, as before. A requested {@code scope} or {@code resource} would narrow the
 * {@link TokenIssuer.UserGrant} here (through {@link TokenIssuer#requestedAudiences}), as the refresh grant already
 * does. Thread-safe.
 */
public final class FirstPartyLoginGrant {
    private final Authenticator<PasswordCredentials> passwords;
    private final TokenIssuer issuer;
    private final Client client;

    public FirstPartyLoginGrant(Authenticator<PasswordCredentials> passwords, TokenIssuer issuer, Client client) {
        this.passwords = passwords;
        this.issuer = issuer;
        this.client = client;
    }

    /** Signs in with a password from {@code source} and issues the pair, or throws the documented error. */
    public IssuedTokens login(PasswordCredentials credentials, String source) {
        return switch (passwords.authenticate(credentials, source)) {
            case Authenticated a -> issuer.issue(client, new TokenIssuer.UserGrant(a.account().id(),
                    FirstPartyClient.SCOPE, issuer.defaultAudiences(client),
                    new RefreshFamily.Details(List.of(), Optional.of(a.authTime()), a.amr()), Optional.empty(), true));
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
