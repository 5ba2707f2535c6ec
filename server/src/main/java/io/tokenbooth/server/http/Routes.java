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
import io.tokenbooth.server.oauth.introspect.IntrospectionEndpoint;
import io.tokenbooth.server.oauth.revoke.RevocationEndpoint;
import io.tokenbooth.server.oauth.token.TokenEndpoint;
import io.tokenbooth.server.oidc.UserInfoEndpoint;
import io.tokenbooth.server.oauth.authorize.AuthorizationEndpoint;
import io.tokenbooth.server.oidc.EndSessionEndpoint;
import io.tokenbooth.server.token.status.StatusListEndpoint;
import io.tokenbooth.server.token.status.StatusListUris;
import java.util.List;

/** The route table: every public path the server answers, in one place. */
public record Routes(
        SignupEndpoint signup,
        LoginEndpoint login,
        RefreshEndpoint refresh,
        LogoutEndpoint logout,
        MeEndpoint me,
        JwksEndpoint jwks,
        DiscoveryEndpoint discovery,
        TokenEndpoint token,
        IntrospectionEndpoint introspection,
        RevocationEndpoint revocation,
        UserInfoEndpoint userInfo,
        AuthorizationEndpoint authorization,
        EndSessionEndpoint endSession,
        HealthEndpoint health,
        MetricsEndpoint metrics,
        StatusListEndpoint statusLists) {

    /** The JWKS and the discovery metadata (at both well-known paths), see {@link ConstantDocumentHandler}. */
    List<ConstantDocument> constantDocuments() {
        return List.of(jwks.document("/.well-known/jwks.json"),
                discovery.document("/.well-known/openid-configuration"),
                discovery.document("/.well-known/oauth-authorization-server"));
    }

    void declare(RoutesConfig r) {
        r.post("/api/v1/signup", signup::handle);
        r.post("/api/v1/login", login::handle);
        r.post("/api/v1/refresh", refresh::handle);
        r.post("/api/v1/logout", logout::handle);
        r.get("/api/v1/me", me::handle);

        // Answered by ConstantDocumentHandler in front of Javalin; these routes take what it passes on.
        for (ConstantDocument document : constantDocuments()) {
            r.get(document.path(), document::write);
        }

        r.post("/oauth2/token", token::handle);
        r.post("/oauth2/introspect", introspection::handle);
        r.post("/oauth2/revoke", revocation::handle);
        r.get("/oauth2/userinfo", userInfo::handle);
        r.post("/oauth2/userinfo", userInfo::handle);

        // Browser flows: authorization (with its sign-in and consent forms) and RP-initiated logout.
        r.get("/oauth2/authorize", authorization::authorize);
        r.post("/oauth2/authorize", authorization::authorize);
        r.post("/oauth2/authorize/login", authorization::login);
        r.post("/oauth2/authorize/consent", authorization::consent);
        r.get("/oauth2/logout", endSession::handle);
        r.post("/oauth2/logout", endSession::handle);
        r.post("/oauth2/logout/confirm", endSession::confirm);

        // Token Status Lists (issue 7): polled by every resource server, cheap and cacheable.
        r.get(StatusListUris.PATH, statusLists::aggregation);
        r.get(StatusListUris.PATH + "/{id}", statusLists::list);

        r.get("/health/live", health::live);
        r.get("/health/ready", health::ready);
        r.get("/metrics", metrics::handle);
    }
}
