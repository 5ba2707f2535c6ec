package io.tokenbooth.verifier.javalin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.tokenbooth.verifier.ResourceServerVerifier;
import io.tokenbooth.verifier.VerifiedToken;
import io.tokenbooth.verifier.http.BearerRequests;

/**
 * A Javalin before-handler that lets a request through only with a valid bearer access token carrying the given
 * scopes (RFC 6750): otherwise it answers 401 (no token: a bare {@code Bearer realm="…"} challenge; a refused token:
 * {@code invalid_token}) or 403 ({@code insufficient_scope}), with {@code WWW-Authenticate} and a JSON body
 * {@code {"error": …, "error_description": …}}, and skips the remaining handlers. The verified token is kept on the
 * context: {@link #token(Context)}.
 * <pre>{@code app.before("/wallet", BearerAuth.require(verifier, "wallet:read"));}</pre>
 * Javalin is an optional dependency of the verifier: only applications that use this class need it.
 */
public final class BearerAuth {
    /** The context attribute holding the {@link VerifiedToken}. */
    public static final String ATTRIBUTE = VerifiedToken.class.getName();

    private BearerAuth() {
    }

    /** The handler: a valid token carrying every one of {@code scopes}, realm {@value BearerRequests#DEFAULT_REALM}. */
    public static Handler require(ResourceServerVerifier verifier, String... scopes) {
        return requireIn(BearerRequests.DEFAULT_REALM, verifier, scopes);
    }

    /** The same, with the challenge's {@code realm}. */
    public static Handler requireIn(String realm, ResourceServerVerifier verifier, String... scopes) {
        String[] needed = scopes.clone();
        return ctx -> {
            if ("OPTIONS".equals(ctx.method().name())) {
                return; // a CORS preflight carries no credentials
            }
            BearerRequests.Outcome outcome = BearerRequests.authenticate(verifier, realm,
                    ctx.header("Authorization"), needed);
            if (outcome.token() != null) {
                ctx.attribute(ATTRIBUTE, outcome.token());
                return;
            }
            ctx.status(outcome.status()).header("WWW-Authenticate", outcome.challenge())
                    .header("Cache-Control", "no-store").contentType("application/json").result(outcome.body());
            ctx.skipRemainingHandlers();
        };
    }

    /** The token {@link #require} verified for this request; IllegalStateException when none did. */
    public static VerifiedToken token(Context ctx) {
        VerifiedToken t = ctx.attribute(ATTRIBUTE);
        if (t == null) {
            throw new IllegalStateException("no BearerAuth handler verified a token for " + ctx.path());
        }
        return t;
    }
}
