package io.tokenbooth.server.app;

import io.javalin.util.JavalinBindException;
import io.tokenbooth.server.account.MeEndpoint;
import io.tokenbooth.server.account.SignupEndpoint;
import io.tokenbooth.server.admin.AdminAuthenticator;
import io.tokenbooth.server.admin.AdminApisEndpoint;
import io.tokenbooth.server.admin.AdminClientsEndpoint;
import io.tokenbooth.server.admin.AdminRoutes;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.health.HealthEndpoint;
import io.tokenbooth.server.http.ClientAddress;
import io.tokenbooth.server.http.Cors;
import io.tokenbooth.server.http.FormBody;
import io.tokenbooth.server.http.HttpServer;
import io.tokenbooth.server.http.RateLimiter;
import io.tokenbooth.server.http.RequestBody;
import io.tokenbooth.server.http.Routes;
import io.tokenbooth.server.http.SecurityHeaders;
import io.tokenbooth.server.keys.JwksEndpoint;
import io.tokenbooth.server.login.LoginEndpoint;
import io.tokenbooth.server.login.LogoutEndpoint;
import io.tokenbooth.server.login.RefreshEndpoint;
import io.tokenbooth.server.metrics.MetricsEndpoint;
import io.tokenbooth.server.oauth.authorize.AuthorizationCodeIssuer;
import io.tokenbooth.server.oauth.authorize.AuthorizationEndpoint;
import io.tokenbooth.server.oauth.authorize.AuthorizationFlow;
import io.tokenbooth.server.oauth.authorize.AuthorizationPages;
import io.tokenbooth.server.oauth.authorize.AuthorizationRequestValidator;
import io.tokenbooth.server.oauth.client.RegisteredWebOrigins;
import io.tokenbooth.server.oauth.introspect.IntrospectionEndpoint;
import io.tokenbooth.server.oauth.introspect.TokenIntrospector;
import io.tokenbooth.server.oauth.revoke.RevocationEndpoint;
import io.tokenbooth.server.oauth.revoke.TokenRevoker;
import io.tokenbooth.server.oauth.token.TokenEndpoint;
import io.tokenbooth.server.oidc.DiscoveryEndpoint;
import io.tokenbooth.server.oidc.EndSessionEndpoint;
import io.tokenbooth.server.oidc.UserInfoEndpoint;
import io.tokenbooth.server.oidc.UserInfoService;
import io.tokenbooth.server.oauth.authorize.pending.JdbcPendingAuthorizationStore;
import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorizations;
import io.tokenbooth.server.pages.BrowserCookies;
import io.tokenbooth.server.pages.PageRenderer;
import io.tokenbooth.server.session.IdTokenHintVerifier;
import io.tokenbooth.server.session.LogoutFlow;
import io.tokenbooth.server.token.status.StatusListEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;

/** A running Tokenbooth server: the services plus the HTTP endpoints. */
public final class Tokenbooth implements AutoCloseable {
    private final Services services;
    private final HttpServer http;
    private final MetricsEndpoint metrics;

    private Tokenbooth(Services services, HttpServer http, MetricsEndpoint metrics) {
        this.services = services;
        this.http = http;
        this.metrics = metrics;
    }

    /** Attempts at port 0 before giving up: the free port found can be taken by another process before we bind. */
    private static final int FREE_PORT_ATTEMPTS = 5;

    /**
     * Starts a server: migrates the database, loads keys and listens. Port 0 picks a free port; the issuer URL names
     * it, so it is chosen before the services open, and chosen again if another process binds it first.
     */
    public static Tokenbooth start(TokenboothConfig config, Clock clock) {
        TokenboothConfig.Http httpSettings = config.http();
        if (httpSettings.port() != 0) {
            return start(config, clock, httpSettings.port());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return start(config, clock, freePort(httpSettings.host()));
            } catch (JavalinBindException e) {
                if (attempt == FREE_PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static Tokenbooth start(TokenboothConfig config, Clock clock, int port) {
        TokenboothConfig.Http httpSettings = config.http().withPort(port);
        String issuer = config.issuerFor(port);
        Services services = Services.open(config, issuer, clock);
        MetricsEndpoint metrics = new MetricsEndpoint();
        try {
            services.migrateAndLoadKeys();
            services.startHousekeeping();
            services.denyList.start(config.oauth().denyListRefresh());
            services.statusLists.start(config.statusLists().pollInterval());
            RequestBody body = new RequestBody(httpSettings.maxBodyBytes());
            FormBody form = new FormBody(body);
            ClientAddress address = new ClientAddress(httpSettings.trustForwardedFor());
            var limits = config.rateLimits();
            PageRenderer pages = new PageRenderer();
            BrowserCookies cookies = new BrowserCookies(issuer);
            AuthorizationEndpoint authorization = new AuthorizationEndpoint(new AuthorizationFlow(
                    new AuthorizationRequestValidator(services.clients, services.registeredApis), services.ssoSessions, services.consents,
                    services.passwords, new AuthorizationCodeIssuer(services.codes, clock, config.oauth().codeTtl()),
                    new PendingAuthorizations(new JdbcPendingAuthorizationStore(services.database),
                            new RateLimiter("authorization", limits.authorizePerIp(), clock), clock,
                            config.oauth().pendingRequestTtl()),
                    clock, issuer), new AuthorizationPages(pages, issuer), cookies, address);
            EndSessionEndpoint endSession = new EndSessionEndpoint(new LogoutFlow(services.clients,
                    services.ssoSessions, new IdTokenHintVerifier(services.keys, issuer)), pages, cookies, issuer);
            Routes routes = new Routes(
                    new SignupEndpoint(services.accounts, body, new RateLimiter("sign-up", limits.signupPerIp(), clock), address),
                    new LoginEndpoint(services.firstPartyLogin, body, address),
                    new RefreshEndpoint(services.refreshGrant, services.firstParty, body,
                            new RateLimiter("refresh", limits.refreshPerIp(), clock), address),
                    new LogoutEndpoint(services.refreshTokens, services.firstParty, body),
                    new MeEndpoint(services.bearerTokens),
                    new JwksEndpoint(services.keys),
                    new DiscoveryEndpoint(issuer, config.tokens().algorithm(), config.oauth().idTokenAlgorithm(),
                            services.grants.grantTypes()),
                    new TokenEndpoint(form, services.clientAuthenticator, services.grants),
                    new IntrospectionEndpoint(form, services.clientAuthenticator, new TokenIntrospector(
                            services.bearerTokens, services.refreshTokens, clock, issuer)),
                    new RevocationEndpoint(form, services.clientAuthenticator,
                            new TokenRevoker(services.verifier, services.denyList, services.refreshTokens,
                                    services.statusLists, issuer)),
                    new UserInfoEndpoint(form, new UserInfoService(services.bearerTokens)),
                    authorization,
                    endSession,
                    new HealthEndpoint(services.database),
                    metrics,
                    new StatusListEndpoint(services.statusListTokens, services.statusLists));
            AdminAuthenticator adminAuth = new AdminAuthenticator(config.adminToken());
            AdminRoutes admin = new AdminRoutes(new AdminClientsEndpoint(services.clients, adminAuth, body),
                    new AdminApisEndpoint(services.apis, adminAuth, body));
            HttpServer http = HttpServer.start(httpSettings, routes, admin, new Cors(config.cors().origins(),
                    // Checklist item 17: the endpoints browsers call also answer the clients' registered web origins.
                    java.util.Set.of("/oauth2/token", "/oauth2/userinfo", "/oauth2/revoke", "/.well-known/jwks.json",
                            "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"),
                    new RegisteredWebOrigins(services.clients, services.clientStore)),
                    new SecurityHeaders(issuer));
            return new Tokenbooth(services, http, metrics);
        } catch (RuntimeException e) {
            metrics.close();
            services.close();
            throw e;
        }
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + host, e);
        }
    }

    public int port() {
        return http.port();
    }

    /** Every endpoint the server answers (the route table and the admin routes). */
    public java.util.List<HttpServer.Route> routes() {
        return http.routes();
    }

    public String issuer() {
        return services.issuer;
    }

    public Services services() {
        return services;
    }

    @Override
    public void close() {
        http.close();
        metrics.close();
        services.close();
    }
}
