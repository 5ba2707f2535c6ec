package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.oauth.code.AuthorizationCode;
import io.tokenbooth.server.oauth.code.AuthorizationCodeStore;
import io.tokenbooth.server.session.SsoSession;
import io.tokenbooth.server.token.OpaqueTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Issues authorization codes (RFC 6749 §4.1.2): 256 random bits, stored only as their SHA-256 with what the token
 * endpoint needs to redeem them: client, account, redirect URI, scope, resources, nonce, PKCE challenge and the
 * session's {@code auth_time} and {@code amr}. Lives {@code oauth.code-ttl} (at most 60 s). Thread-safe.
 */
public final class AuthorizationCodeIssuer {
    private final AuthorizationCodeStore codes;
    private final Clock clock;
    private final Duration ttl;

    public AuthorizationCodeIssuer(AuthorizationCodeStore codes, Clock clock, Duration ttl) {
        this.codes = codes;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Stores a new code for the request and the signed-in session; returns the code itself (never stored). */
    public String issue(AuthorizationRequest req, SsoSession session) {
        String code = OpaqueTokens.generate();
        Instant now = clock.instant();
        codes.create(OpaqueTokens.hash(code), new AuthorizationCode(req.client().clientId(), session.accountId(),
                req.redirectUri(), req.scope(), req.resources(), req.nonce(), req.codeChallenge(), session.authTime(),
                session.amr(), now, now.plus(ttl)));
        return code;
    }
}
