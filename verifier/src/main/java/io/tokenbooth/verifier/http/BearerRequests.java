package io.tokenbooth.verifier.http;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tokenbooth.verifier.BearerChallenge;
import io.tokenbooth.verifier.ResourceServerVerifier;
import io.tokenbooth.verifier.TokenRejectedException;
import io.tokenbooth.verifier.VerifiedToken;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every HTTP adapter (Javalin, servlet) does with a request's {@code Authorization} header, so they answer
 * alike: take the RFC 6750 §2.1 bearer token, verify it, and say either the verified token or the answer (status,
 * challenge, JSON body). Only the header is read: a token in a form body or the query (RFC 6750 §2.2, §2.3) is not
 * taken.
 */
public final class BearerRequests {
    public static final String DEFAULT_REALM = "api";

    private BearerRequests() {
    }

    /** The token, or the refusal to send: {@code status}, {@code WWW-Authenticate} value, JSON body. */
    public record Outcome(VerifiedToken token, int status, String challenge, String body) {
    }

    public static Outcome authenticate(ResourceServerVerifier verifier, String realm, String authorization,
                                       String... scopes) {
        String token = bearer(authorization);
        if (token == null) {
            return new Outcome(null, 401, BearerChallenge.missingToken(realm),
                    body("invalid_token", "a bearer access token is required"));
        }
        try {
            return new Outcome(verifier.verify(token, scopes), 200, null, null);
        } catch (TokenRejectedException e) {
            return new Outcome(null, e.status(), e.wwwAuthenticate(realm), body(e.errorCode(), e.description()));
        }
    }

    /** The token of {@code Authorization: Bearer <token>} (scheme case-insensitive), or null. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? null : token;
    }

    private static String body(String error, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("error_description", description);
        return JSONObjectUtils.toJSONString(m);
    }
}
