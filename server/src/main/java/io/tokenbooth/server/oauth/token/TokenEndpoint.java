package io.tokenbooth.server.oauth.token;

import io.javalin.http.Context;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.http.FormBody;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.oauth.OAuthParameters;
import io.tokenbooth.server.oauth.client.ClientAuthenticator;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /oauth2/token} (RFC 6749 §3.2): a form body (no other content type, at most {@code http.max-body-bytes},
 * each parameter once but {@code resource}), client authentication, then the grant. Answers per §5.1 with
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache}; errors per §5.2 through the one exception mapper.
 */
public final class TokenEndpoint {
    public static final String PATH = "/oauth2/token";
    /** RFC 8707 §2: {@code resource} may be given several times. */
    private static final Set<String> REPEATABLE = Set.of("resource");

    private final FormBody form;
    private final ClientAuthenticator authenticator;
    private final TokenGrants grants;

    public TokenEndpoint(FormBody form, ClientAuthenticator authenticator, TokenGrants grants) {
        this.form = form;
        this.authenticator = authenticator;
        this.grants = grants;
    }

    public void handle(Context ctx) {
        OAuthParameters params = form.read(ctx, REPEATABLE);
        Client client = authenticator.authenticate(Optional.ofNullable(ctx.header("Authorization")), params);
        JsonResponse.noStoreJson(ctx, 200, TokenResponse.of(grants.handle(client, params)).json());
    }
}
