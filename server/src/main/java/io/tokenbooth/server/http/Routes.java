package io.tokenbooth.server.http;

import io.javalin.config.RoutesConfig;
import io.tokenbooth.server.account.MeEndpoint;
import io.tokenbooth.server.account.SignupEndpoint;
import io.tokenbooth.server.health.HealthEndpoint;
import io.tokenbooth.server.keys.JwksEndpoint;
import io.tokenbooth.server.login.LoginEndpoint;
import io.tokenbooth.server.login.LogoutEndpoint;
import io.tokenbooth.server.login.RefreshEndpoint;
import io.tokenbooth.server.metrics.MetricsEndpoint;
import io.tokenbooth.server.oidc.DiscoveryEndpoint;

/** The route table: every public path the server answers, in one place. */
public record Routes(
        SignupEndpoint signup,
        LoginEndpoint login,
        RefreshEndpoint refresh,
        LogoutEndpoint logout,
        MeEndpoint me,
        JwksEndpoint jwks,
        DiscoveryEndpoint discovery,
        HealthEndpoint health,
        MetricsEndpoint metrics) {

    void declare(RoutesConfig r) {
        r.post("/api/v1/signup", signup::handle);
        r.post("/api/v1/login", login::handle);
        r.post("/api/v1/refresh", refresh::handle);
        r.post("/api/v1/logout", logout::handle);
        r.get("/api/v1/me", me::handle);

        r.get("/.well-known/jwks.json", jwks::handle);
        r.get("/.well-known/openid-configuration", discovery::handle);

        r.get("/health/live", health::live);
        r.get("/health/ready", health::ready);
        r.get("/metrics", metrics::handle);
    }
}
