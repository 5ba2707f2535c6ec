package io.tokenbooth.server.login;

import io.javalin.http.Context;
import io.tokenbooth.server.authn.password.PasswordCredentials;
import io.tokenbooth.server.http.ClientAddress;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.http.RequestBody;
import io.tokenbooth.server.oauth.token.FirstPartyLoginGrant;
import java.util.Optional;

/**
 * {@code POST /api/v1/login {username, password, scope?, resource?}} → an access token and a refresh token for the
 * built-in client; with {@code scope} or {@code resource}, for that registered API, and the answer names the scope.
 */
public final class LoginEndpoint {
    private final FirstPartyLoginGrant login;
    private final RequestBody body;
    private final ClientAddress clientAddress;

    public LoginEndpoint(FirstPartyLoginGrant login, RequestBody body, ClientAddress clientAddress) {
        this.login = login;
        this.body = body;
        this.clientAddress = clientAddress;
    }

    record LoginRequest(String username, String password, String scope, String resource) {
    }

    public void handle(Context ctx) {
        LoginRequest req = body.json(ctx, LoginRequest.class);
        boolean targeted = req.scope() != null || req.resource() != null;
        JsonResponse.noStore(ctx, 200, TokenResponse.of(login.login(
                new PasswordCredentials(req.username(), req.password()), clientAddress.source(ctx),
                Optional.ofNullable(req.scope()), Optional.ofNullable(req.resource())), targeted));
    }
}
