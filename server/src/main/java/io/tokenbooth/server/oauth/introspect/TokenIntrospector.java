package io.tokenbooth.server.oauth.introspect;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.AccessTokenVerifier;
import io.tokenbooth.server.token.BearerTokens;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import io.tokenbooth.server.token.refresh.RefreshTokenState;
import io.tokenbooth.verifier.VerifiedToken;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token introspection (RFC 7662 §2.2) for confidential clients. The kind of token is told by its form (a JWT has
 * dots, our refresh tokens do not), so {@code token_type_hint} is not needed (§2.1 lets the server search anyway):
 * <ul>
 * <li>a JWT access token goes through the bearer check's introspection branch ({@link BearerTokens#active}):
 * verified locally (signature from the key ring, type, issuer, times, any audience) and checked against the
 * in-memory deny-list: no database access, so the cost does not grow with the number of tokens; a token introspected
 * again skips the signature check (see {@link AccessTokenVerifier#verifyAnyAudienceRemembering}); any client may
 * introspect it, since resource servers introspect tokens issued to others;</li>
 * <li>a refresh token is looked up by hash and shown active only to the client it was issued to, while it is
 * unspent, unrevoked, unexpired and its account enabled.</li>
 * </ul>
 * Anything else — unknown, expired, revoked, malformed, an ID token — is {@code {"active": false}} (§2.2). Thread-safe.
 */
public final class TokenIntrospector {
    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final BearerTokens bearer;
    private final RefreshTokenService refreshTokens;
    private final Clock clock;
    private final String issuer;

    public TokenIntrospector(BearerTokens bearer, RefreshTokenService refreshTokens, Clock clock, String issuer) {
        this.bearer = bearer;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** The introspection response for {@code token}, asked by {@code caller}. */
    public Map<String, Object> introspect(Client caller, String token) {
        if (caller.isPublic()) {
            // RFC 7662 §2.1: the endpoint requires client authentication; a public client has none to offer.
            throw OAuthException.invalidClient("public clients cannot use the introspection endpoint");
        }
        return token.indexOf('.') >= 0 ? accessToken(token) : refreshToken(caller, token);
    }

    private Map<String, Object> accessToken(String token) {
        Optional<VerifiedToken> active = bearer.active(token);
        if (active.isEmpty()) {
            return INACTIVE;
        }
        VerifiedToken t = active.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        if (t.scope() != null) {
            out.put("scope", t.scope());
        }
        out.put("client_id", t.clientId());
        out.put("token_type", "Bearer");
        out.put("exp", t.expiresAt().getEpochSecond());
        out.put("iat", t.issuedAt().getEpochSecond());
        out.put("sub", t.subject());
        out.put("aud", t.audiences().size() == 1 ? t.audiences().get(0) : t.audiences());
        out.put("iss", issuer);
        out.put("jti", t.jti());
        if (t.clientOnly()) {
            // As in the token: a resource server relying on introspection can tell a client's token from a user's.
            out.put(AccessTokenMinter.GRANT_TYPE_CLAIM, AccessTokenMinter.CLIENT_CREDENTIALS);
        }
        return out;
    }

    private Map<String, Object> refreshToken(Client caller, String token) {
        Instant now = clock.instant();
        Optional<RefreshTokenState> found = refreshTokens.find(token)
                .filter(s -> s.family().clientId().equals(caller.clientId()))
                .filter(s -> s.activeAt(now));
        if (found.isEmpty()) {
            return INACTIVE;
        }
        RefreshTokenState s = found.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        out.put("scope", s.family().scope());
        out.put("client_id", s.family().clientId());
        out.put("token_type", "refresh_token");
        out.put("exp", s.expiresAt().getEpochSecond());
        out.put("iat", s.issuedAt().getEpochSecond());
        out.put("sub", s.family().accountId());
        out.put("iss", issuer);
        return out;
    }
}
