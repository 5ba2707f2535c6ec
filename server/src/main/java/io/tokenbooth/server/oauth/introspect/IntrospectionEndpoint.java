package io.tokenbooth.server.oauth.introspect;

import io.javalin.http.Context;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.http.FormBody;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.oauth.OAuthParameters;
import io.tokenbooth.server.oauth.client.ClientAuthenticator;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /oauth2/introspect} (RFC 7662): a form body with {@code token} and an optional {@code token_type_hint},
 * from an authenticated confidential client. {@code 200} with the introspection response, {@code Cache-Control:
 * no-store}.
 */
public final class IntrospectionEndpoint {
    public static final String PATH = "/oauth2/introspect";

    private final FormBody form;
    private final ClientAuthenticator authenticator;
    private final TokenIntrospector introspector;

    public IntrospectionEndpoint(FormBody form, ClientAuthenticator authenticator, TokenIntrospector introspector) {
        this.form = form;
        this.authenticator = authenticator;
        this.introspector = introspector;
    }

    public void handle(Context ctx) {
        OAuthParameters params = form.read(ctx, Set.of());
        Client client = authenticator.authenticate(Optional.ofNullable(ctx.header("Authorization")), params);
        String token = params.require("token");
        JsonResponse.noStore(ctx, 200, introspector.introspect(client, token));
    }
}
