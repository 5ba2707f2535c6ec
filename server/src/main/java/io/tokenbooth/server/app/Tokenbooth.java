package io.tokenbooth.server.app;

import io.tokenbooth.server.account.MeEndpoint;
import io.tokenbooth.server.admin.AdminAuthenticator;
import io.tokenbooth.server.admin.AdminClientsEndpoint;
import io.tokenbooth.server.admin.AdminRoutes;
import io.tokenbooth.server.account.SignupEndpoint;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.health.HealthEndpoint;
import io.tokenbooth.server.http.ClientAddress;
import io.tokenbooth.server.http.Cors;
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
import io.tokenbooth.server.oidc.DiscoveryEndpoint;
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

    /** Starts a server: migrates the database, loads keys and listens. Port 0 picks a free port. */
    public static Tokenbooth start(TokenboothConfig config, Clock clock) {
        TokenboothConfig.Http httpSettings = config.http();
        int port = httpSettings.port() == 0 ? freePort(httpSettings.host()) : httpSettings.port();
        httpSettings = new TokenboothConfig.Http(httpSettings.host(), port, httpSettings.issuer(),
                httpSettings.maxBodyBytes(), httpSettings.trustForwardedFor());
        String issuer = config.issuerFor(port);
        Services services = Services.open(config, issuer, clock);
        MetricsEndpoint metrics = new MetricsEndpoint();
        try {
            services.migrateAndLoadKeys();
            RequestBody body = new RequestBody(httpSettings.maxBodyBytes());
            ClientAddress address = new ClientAddress(httpSettings.trustForwardedFor());
            var limits = config.rateLimits();
            Routes routes = new Routes(
                    new SignupEndpoint(services.accounts, body, new RateLimiter("sign-up", limits.signupPerIp()), address),
                    new LoginEndpoint(services.logins, services.firstPartyTokens, body,
                            new RateLimiter("login", limits.loginPerIp()), address),
                    new RefreshEndpoint(services.firstPartyTokens, body, new RateLimiter("refresh", limits.refreshPerIp()), address),
                    new LogoutEndpoint(services.firstPartyTokens, body),
                    new MeEndpoint(services.verifier, services.accounts),
                    new JwksEndpoint(services.keys),
                    new DiscoveryEndpoint(issuer, config.tokens().algorithm()),
                    new HealthEndpoint(services.database),
                    metrics);
            AdminRoutes admin = new AdminRoutes(new AdminClientsEndpoint(services.clients,
                    new AdminAuthenticator(config.adminToken()), body));
            HttpServer http = HttpServer.start(httpSettings, routes, admin, new Cors(config.cors().origins()),
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
