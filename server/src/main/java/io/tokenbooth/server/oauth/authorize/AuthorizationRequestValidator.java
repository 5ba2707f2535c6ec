package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.api.RegisteredApis;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.oauth.authorize.check.ClientCheck;
import io.tokenbooth.server.oauth.authorize.check.MaxAgeCheck;
import io.tokenbooth.server.oauth.authorize.check.ParameterLengthCheck;
import io.tokenbooth.server.oauth.authorize.check.PkceCheck;
import io.tokenbooth.server.oauth.authorize.check.PromptCheck;
import io.tokenbooth.server.oauth.authorize.check.RedirectUriCheck;
import io.tokenbooth.server.oauth.authorize.check.RepeatedParameterCheck;
import io.tokenbooth.server.oauth.authorize.check.RequestObjectCheck;
import io.tokenbooth.server.oauth.authorize.check.ResourceCheck;
import io.tokenbooth.server.oauth.authorize.check.ResponseModeCheck;
import io.tokenbooth.server.oauth.authorize.check.ResponseTypeCheck;
import io.tokenbooth.server.oauth.authorize.check.ScopeCheck;

/**
 * Validates an authorization request in two stages, each a list of named checks (see {@code check/}):
 * <ol>
 * <li>{@link #target}: the client and redirect URI. Failures throw {@link AuthorizationPageException}: an error page,
 * never a redirect (RFC 6749 §4.1.2.1).</li>
 * <li>{@link #validate}: everything else. Failures throw an {@code OAuthException} that the caller sends back to the
 * now trusted redirect URI.</li>
 * </ol>
 * Thread-safe.
 */
public final class AuthorizationRequestValidator {
    private final ClientService clients;
    private final RegisteredApis apis;

    public AuthorizationRequestValidator(ClientService clients, RegisteredApis apis) {
        this.clients = clients;
        this.apis = apis;
    }

    public RedirectTarget target(AuthorizationParameters p) {
        Client client = ClientCheck.apply(p, clients);
        return new RedirectTarget(client, RedirectUriCheck.apply(p, client));
    }

    public AuthorizationRequest validate(AuthorizationParameters p, RedirectTarget target) {
        Client client = target.client();
        RepeatedParameterCheck.apply(p);
        RequestObjectCheck.apply(p);
        ResponseTypeCheck.apply(p, client);
        ResponseModeCheck.apply(p);
        ParameterLengthCheck.apply(p);
        var scopes = ScopeCheck.apply(p, client);
        var challenge = PkceCheck.apply(p, client);
        var prompts = PromptCheck.apply(p);
        var maxAge = MaxAgeCheck.apply(p);
        var resources = ResourceCheck.apply(p, client, scopes, apis);
        return new AuthorizationRequest(client, target.redirectUri(), scopes, p.single("state"), p.single("nonce"),
                challenge, prompts, maxAge, p.single("login_hint"), resources);
    }
}
