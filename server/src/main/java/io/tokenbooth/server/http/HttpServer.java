package io.tokenbooth.server.http;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.HandlerType;
import io.tokenbooth.server.admin.AdminRoutes;
import io.tokenbooth.server.config.TokenboothConfig;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Javalin (Jetty 12) server: virtual threads, the route table, CORS, security headers and the error mapping.
 * Handlers run on virtual threads, so blocking JDBC and the hashing bulkhead need no async plumbing. GET and HEAD of
 * the constant documents (JWKS, discovery) are answered before Javalin, by {@link ConstantDocumentHandler}.
 */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;
    private final List<Route> routes;

    /** One declared endpoint: its method and path template. */
    public record Route(String method, String path) {
    }

    private HttpServer(Javalin app, List<Route> routes) {
        this.app = app;
        this.routes = List.copyOf(routes);
    }

    public static HttpServer start(TokenboothConfig.Http settings, Routes routes, AdminRoutes adminRoutes, Cors cors,
                                   SecurityHeaders headers) {
        List<HandlerMetaInfo> declared = new ArrayList<>();
        Javalin app = Javalin.create(cfg -> {
            cfg.events.handlerAdded(declared::add);
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = settings.maxBodyBytes();
            cfg.appData(RequestBody.KEY, new RequestBody(settings.maxBodyBytes()));
            cfg.http.generateEtags = false;
            cfg.http.prefer405over404 = true;
            cfg.router.ignoreTrailingSlashes = false;
            cfg.jetty.addConnector((server, http) -> connector(server, http, settings));
            // Do not announce the server software.
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorResponses(headers)));
            // In front of Javalin's servlet handler (Javalin attaches it inside this wrapper): the constant documents.
            cfg.jetty.modifyServer(server -> server.setHandler(new ConstantDocumentHandler(routes.constantDocuments(),
                    headers, cors, routes.metrics())));
            cfg.jetty.modifyHttpConfiguration(http -> {
                // Jetty caches header lines per connection and, by default, matches them ignoring case: a kept-alive
                // connection could then read a case-changed bearer token as the cached one. Credentials are case-sensitive.
                http.setHeaderCacheCaseSensitive(true);
                // No per-connection header cache at all: matching each header line against it (a trie walk over
                // the whole line, a bearer token's too) cost more than parsing the line (issue 11 profiles: 30 % of
                // a GET /api/v1/me, 9 % of an introspection), and a cache hit can only save a String.
                http.setHeaderCacheSize(0);
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            cfg.routes.before(ctx -> {
                routes.metrics().before(ctx);
                headers.apply(ctx);
                cors.apply(ctx);
                RequestGuard.check(ctx);
            });
            cfg.routes.after(routes.metrics()::after);
            routes.declare(cfg.routes);
            adminRoutes.declare(cfg.routes);
            headFollowsGet(cfg.routes, declared);
            ErrorResponses.register(cfg.routes);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop(); // a failed bind leaves Jetty's threads and scheduler behind otherwise
            throw e;
        }
        return new HttpServer(app, declared.stream().filter(h -> h.getHttpMethod().isHttpMethod())
                .map(h -> new Route(h.getHttpMethod().name(), h.getPath())).toList());
    }

    /**
     * RFC 9110 §9.3.2: HEAD is GET without the body. Left alone, Javalin answers HEAD on a GET route with 200 without
     * running the handler, so a protected route would look open; instead every GET route also serves HEAD through the
     * same handler (its checks included), and Jetty leaves out the body.
     */
    private static void headFollowsGet(RoutesConfig routes, List<HandlerMetaInfo> declared) {
        List<HandlerMetaInfo> gets = declared.stream().filter(h -> h.getHttpMethod().equals(HandlerType.GET)).toList();
        for (HandlerMetaInfo get : gets) {
            boolean hasHead = declared.stream().anyMatch(h -> h.getHttpMethod().equals(HandlerType.HEAD)
                    && h.getPath().equals(get.getPath()));
            if (!hasHead) {
                routes.head(get.getPath(), get.getHandler());
            }
        }
    }

    /** The one HTTP/1.1 connector, with the idle timeout and the deadline for the request head (http.*-timeout). */
    private static ServerConnector connector(Server server, HttpConfiguration http, TokenboothConfig.Http settings) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        connector.addBean(new HeaderReadTimeout(connector, settings.headerTimeout()));
        return connector;
    }

    /** Every endpoint the server answers, public and admin, in declaration order. */
    public List<Route> routes() {
        return routes;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
