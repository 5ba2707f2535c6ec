package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.AccountService;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthParameters;
import io.tokenbooth.server.oauth.code.AuthorizationCode;
import io.tokenbooth.server.oauth.code.AuthorizationCodeStore;
import io.tokenbooth.server.oauth.code.Redemption;
import io.tokenbooth.server.token.OpaqueTokens;
import io.tokenbooth.server.token.refresh.RefreshFamily;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import io.tokenbooth.server.token.revocation.AccessTokenDenyList;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code authorization_code} grant (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 9700 §2.1.1, §4.2.4, OIDC Core §3.1.3).
 * The code is spent first (a compare-and-set, so of concurrent exchanges exactly one proceeds) and then checked: it
 * must have been issued to this client, for exactly this {@code redirect_uri}, not have expired, and pass PKCE — a
 * failed check leaves it spent. A code presented again is a replay: the refresh family and the access token its first
 * exchange issued are revoked. Thread-safe.
 */
public final class AuthorizationCodeGrant implements GrantHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationCodeGrant.class);
    private static final int MAX_CODE_LENGTH = 512;

    private final AuthorizationCodeStore codes;
    private final AccountService accounts;
    private final RefreshTokenService refreshTokens;
    private final AccessTokenDenyList denyList;
    private final TokenIssuer issuer;
    private final Clock clock;

    public AuthorizationCodeGrant(AuthorizationCodeStore codes, AccountService accounts, RefreshTokenService refreshTokens,
                                  AccessTokenDenyList denyList, TokenIssuer issuer, Clock clock) {
        this.codes = codes;
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.denyList = denyList;
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return "authorization_code";
    }

    @Override
    public IssuedTokens handle(Client client, OAuthParameters params) {
        String code = params.require("code");
        Optional<String> redirectUri = params.get("redirect_uri");
        Optional<String> verifier = params.get("code_verifier");
        List<String> resources = issuer.requestedAudiences(client, params.all("resource"));
        if (code.length() > MAX_CODE_LENGTH) {
            throw invalidCode();
        }
        String codeHash = OpaqueTokens.hash(code);
        Instant now = clock.instant();
        return switch (codes.redeem(codeHash, now)) {
            case Redemption.Unknown u -> throw invalidCode();
            case Redemption.Replayed r -> throw replayed(r);
            case Redemption.Fresh f -> issue(client, f.code(), codeHash, redirectUri, verifier, resources, now);
        };
    }

    private IssuedTokens issue(Client client, AuthorizationCode code, String codeHash, Optional<String> redirectUri,
                               Optional<String> verifier, List<String> resources, Instant now) {
        check(client, code, redirectUri, verifier, now);
        Account account = accounts.findById(code.accountId()).filter(a -> !a.disabled())
                .orElseThrow(() -> OAuthException.invalidGrant("the authorization code is no longer valid")
                        .withDetail("account gone or disabled"));
        if (!resources.isEmpty() && !code.audiences().isEmpty() && !code.audiences().containsAll(resources)) {
            throw OAuthException.invalidTarget("the resource was not part of the authorization");
        }
        List<String> audiences = !resources.isEmpty() ? resources
                : !code.audiences().isEmpty() ? code.audiences() : issuer.audiencesFor(client, Scopes.of(code.scope()));
        Set<String> scopes = Scopes.of(code.scope());
        // OIDC Core §11: with openid, a refresh token only for offline_access; plain OAuth always when allowed.
        boolean withRefresh = client.allowsGrant("refresh_token")
                && (scopes.contains(Scopes.OFFLINE_ACCESS) || !scopes.contains(Scopes.OPENID));
        IssuedTokens issued = issuer.issue(client, new TokenIssuer.UserGrant(account.id(), code.scope(), audiences,
                new RefreshFamily.Details(audiences, Optional.of(code.authTime()), code.amr()), code.nonce(),
                withRefresh));
        codes.recordIssued(codeHash, issued.refresh().map(r -> r.family().id()).orElse(null), issued.access().jti(),
                issued.access().expiresAt());
        return issued;
    }

    /** The checks of RFC 6749 §4.1.3 and RFC 7636 §4.6, each failing with {@code invalid_grant}. */
    private static void check(Client client, AuthorizationCode code, Optional<String> redirectUri,
                              Optional<String> verifier, Instant now) {
        if (!code.clientId().equals(client.clientId())) {
            throw OAuthException.invalidGrant("the authorization code was issued to another client");
        }
        if (redirectUri.isEmpty()) {
            if (!mayOmitRedirectUri(client, code)) {
                throw OAuthException.invalidRequest("parameter 'redirect_uri' is required");
            }
        } else if (!code.redirectUri().equals(redirectUri.get())) {
            throw OAuthException.invalidGrant("redirect_uri differs from the one in the authorization request");
        }
        if (!now.isBefore(code.expiresAt())) {
            throw OAuthException.invalidGrant("the authorization code has expired");
        }
        if (code.codeChallenge().isPresent()) {
            if (verifier.isEmpty()) {
                throw OAuthException.invalidGrant("code_verifier is required: the authorization request used PKCE");
            }
            if (!Pkce.matches(verifier.get(), code.codeChallenge().get())) {
                throw OAuthException.invalidGrant("code_verifier does not match the code_challenge");
            }
        } else if (verifier.isPresent()) {
            // RFC 9700 §2.1.1 (PKCE downgrade): a verifier for a code issued without a challenge.
            throw OAuthException.invalidGrant("code_verifier was sent, but the authorization request had no code_challenge");
        } else if (client.isPublic()) {
            throw OAuthException.invalidGrant("a public client must use PKCE");
        }
    }

    /**
     * RFC 6749 §4.1.3 requires {@code redirect_uri} only if the authorization request had one. Whether it had is not
     * recorded, so the token request may leave it out only where the authorization request could have (RFC 6749
     * §3.1.2.3): the client has exactly one redirect URI, the code's, and the request was not OpenID Connect (whose
     * §3.1.2.1 always requires it). Either way the code was delivered to that one URI.
     */
    private static boolean mayOmitRedirectUri(Client client, AuthorizationCode code) {
        return client.redirectUris().equals(List.of(code.redirectUri()))
                && !Scopes.of(code.scope()).contains(Scopes.OPENID);
    }

    /** RFC 6749 §4.1.2, RFC 9700 §4.2.4: revoke what the first exchange of a replayed code issued. */
    private OAuthException replayed(Redemption.Replayed r) {
        r.refreshFamilyId().ifPresent(family -> refreshTokens.revokeFamily(family, "code_replay"));
        if (r.accessTokenJti().isPresent() && r.accessTokenExpiresAt().isPresent()) {
            denyList.revoke(r.accessTokenJti().get(), r.accessTokenExpiresAt().get());
        }
        LOG.warn("authorization code replayed for client {} and account {}: the tokens it issued have been revoked",
                r.code().clientId(), r.code().accountId());
        return OAuthException.invalidGrant("the authorization code has already been used; the tokens issued with it "
                + "have been revoked");
    }

    private static OAuthException invalidCode() {
        return OAuthException.invalidGrant("the authorization code is not valid");
    }
}
