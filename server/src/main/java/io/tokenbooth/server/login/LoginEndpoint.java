package io.tokenbooth.server.login;

import io.javalin.http.Context;
import io.tokenbooth.server.http.ClientAddress;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.http.RequestBody;
import io.tokenbooth.server.token.FirstPartyTokens;

/** {@code POST /api/v1/login {username, password}} → an access token and a refresh token. */
public final class LoginEndpoint {
    private final LoginService logins;
    private final FirstPartyTokens tokens;
    private final RequestBody body;
    private final ClientAddress clientAddress;

    public LoginEndpoint(LoginService logins, FirstPartyTokens tokens, RequestBody body, ClientAddress clientAddress) {
        this.logins = logins;
        this.tokens = tokens;
        this.body = body;
        this.clientAddress = clientAddress;
    }

    record LoginRequest(String username, String password) {
    }

    public void handle(Context ctx) {
        LoginRequest req = body.json(ctx, LoginRequest.class);
        JsonResponse.noStore(ctx, 200, TokenResponse.of(tokens.issue(
                logins.authenticate(req.username(), req.password(), clientAddress.source(ctx)))));
    }
}
