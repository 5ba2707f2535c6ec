package io.tokenbooth.examples.wallet.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.tokenbooth.verifier.VerifiedToken;

/**
 * How the wallet's routes are protected: a before-handler per required scope that refuses a request without a valid
 * bearer token carrying it (401/403 with {@code WWW-Authenticate}), and the verified token of a request it let
 * through. The wallet never verifies a token itself.
 */
public interface Authorization {
    Handler require(String scope);

    VerifiedToken token(Context ctx);
}
