package io.tokenbooth.server.http;

import io.javalin.Javalin;
import io.tokenbooth.server.admin.AdminRoutes;
import io.tokenbooth.server.config.TokenboothConfig;

/**
 * The Javalin (Jetty 12) server: virtual threads, the route table, CORS, security headers and the error mapping.
 * Handlers run on virtual threads, so blocking JDBC and the hashing bulkhead need no async plumbing.
 */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    public static HttpServer start(TokenboothConfig.Http settings, Routes routes, AdminRoutes adminRoutes, Cors cors,
                                   SecurityHeaders headers) {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = settings.maxBodyBytes();
            cfg.http.generateEtags = false;
            cfg.http.prefer405over404 = true;
            cfg.router.ignoreTrailingSlashes = false;
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            // Do not announce the server software.
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorResponses(headers)));
            cfg.jetty.modifyHttpConfiguration(http -> {
                // Jetty caches header lines per connection and, by default, matches them ignoring case: a kept-alive
                // connection could then read a case-changed bearer token as the cached one. Credentials are case-sensitive.
                http.setHeaderCacheCaseSensitive(true);
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            cfg.routes.before(ctx -> {
                routes.metrics().before(ctx);
                headers.apply(ctx);
                cors.apply(ctx);
            });
            cfg.routes.after(routes.metrics()::after);
            routes.declare(cfg.routes);
            adminRoutes.declare(cfg.routes);
            ErrorResponses.register(cfg.routes);
        });
        app.start();
        return new HttpServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
