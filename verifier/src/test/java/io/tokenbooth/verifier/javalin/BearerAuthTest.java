package io.tokenbooth.verifier.javalin;

import io.javalin.Javalin;
import io.tokenbooth.verifier.BearerAdapterContract;
import io.tokenbooth.verifier.ResourceServerVerifier;

/** The Javalin before-handler, in a Javalin app over HTTP. */
class BearerAuthTest extends BearerAdapterContract {
    private Javalin app;

    @Override
    protected String start(ResourceServerVerifier verifier) {
        app = Javalin.create(c -> {
            c.routes.before("/wallet", BearerAuth.requireIn("wallet", verifier, "wallet:read"));
            c.routes.get("/wallet", ctx -> ctx.result("hello " + BearerAuth.token(ctx).subject()));
        }).start("127.0.0.1", 0);
        return "http://127.0.0.1:" + app.port() + "/wallet";
    }

    @Override
    protected void stop() {
        app.stop();
    }
}
