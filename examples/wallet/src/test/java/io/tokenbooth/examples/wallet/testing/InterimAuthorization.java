package io.tokenbooth.examples.wallet.testing;

import com.nimbusds.jose.JOSEObjectType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.tokenbooth.examples.wallet.http.Authorization;
import io.tokenbooth.verifier.JwtVerifier;
import io.tokenbooth.verifier.TokenRejectedException;
import io.tokenbooth.verifier.VerificationKeys;
import io.tokenbooth.verifier.VerifiedToken;

/** Until the resource-server library lands: JwtVerifier over the fake issuer's keys. */
public final class InterimAuthorization implements Authorization {
    private final JwtVerifier verifier;

    public InterimAuthorization(FakeIssuer issuer, String audience) {
        this.verifier = JwtVerifier.builder(VerificationKeys.of(issuer.jwks())).issuer(issuer.issuer())
                .audience(audience).type(new JOSEObjectType("at+jwt")).build();
    }

    @Override
    public Handler require(String scope) {
        return ctx -> {
            String h = ctx.header("Authorization");
            try {
                if (h == null || !h.startsWith("Bearer ")) {
                    ctx.status(401).header("WWW-Authenticate", "Bearer realm=\"wallet\"").result("{}");
                    ctx.skipRemainingHandlers();
                    return;
                }
                VerifiedToken t = verifier.verify(h.substring(7)).requireScope(scope);
                ctx.attribute("token", t);
            } catch (TokenRejectedException e) {
                ctx.status(e.status()).header("WWW-Authenticate", "Bearer realm=\"wallet\", error=\"" + e.error()
                        + "\"").contentType("application/json").result("{\"error\":\"" + e.error() + "\"}");
                ctx.skipRemainingHandlers();
            }
        };
    }

    @Override
    public VerifiedToken token(Context ctx) {
        return ctx.attribute("token");
    }
}
