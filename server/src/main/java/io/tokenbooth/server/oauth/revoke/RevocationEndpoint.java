package io.tokenbooth.server.oauth.revoke;

import io.javalin.http.Context;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.http.FormBody;
import io.tokenbooth.server.oauth.OAuthParameters;
import io.tokenbooth.server.oauth.client.ClientAuthenticator;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /oauth2/revoke} (RFC 7009): a form body with {@code token} and an optional {@code token_type_hint},
 * from an authenticated client (public clients name themselves with {@code client_id}). {@code 200} with an empty
 * body whether or not anything was revoked (§2.2).
 */
public final class RevocationEndpoint {
    public static final String PATH = "/oauth2/revoke";

    private final FormBody form;
    private final ClientAuthenticator authenticator;
    private final TokenRevoker revoker;

    public RevocationEndpoint(FormBody form, ClientAuthenticator authenticator, TokenRevoker revoker) {
        this.form = form;
        this.authenticator = authenticator;
        this.revoker = revoker;
    }

    public void handle(Context ctx) {
        OAuthParameters params = form.read(ctx, Set.of());
        Client client = authenticator.authenticate(Optional.ofNullable(ctx.header("Authorization")), params);
        revoker.revoke(client, params.require("token"));
        ctx.header("Cache-Control", "no-store");
        ctx.status(200);
    }
}
