package io.tokenbooth.examples.wallet.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.tokenbooth.verifier.ResourceServerVerifier;
import io.tokenbooth.verifier.VerifiedToken;
import io.tokenbooth.verifier.javalin.BearerAuth;

/** {@link Authorization} by the verifier library: its Javalin handler over a {@link ResourceServerVerifier}. */
public final class VerifierAuthorization implements Authorization {
    /** The realm of the wallet's {@code WWW-Authenticate} challenges. */
    public static final String REALM = "wallet";
    private final ResourceServerVerifier verifier;

    public VerifierAuthorization(ResourceServerVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Handler require(String scope) {
        return BearerAuth.requireIn(REALM, verifier, scope);
    }

    @Override
    public VerifiedToken token(Context ctx) {
        return BearerAuth.token(ctx);
    }
}
