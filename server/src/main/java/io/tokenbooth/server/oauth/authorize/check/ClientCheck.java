package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.oauth.authorize.AuthorizationPageException;
import io.tokenbooth.server.oauth.authorize.AuthorizationPageException.Reason;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;
import java.util.Optional;

/** {@code client_id} names exactly one registered client; otherwise an error page (RFC 6749 §4.1.2.1). */
public final class ClientCheck {
    private ClientCheck() {
    }

    public static Client apply(AuthorizationParameters p, ClientService clients) {
        if (p.repeated("client_id")) {
            throw new AuthorizationPageException(Reason.REPEATED_PARAMETER, Optional.of("client_id"));
        }
        String clientId = p.singleOrEmpty("client_id")
                .orElseThrow(() -> new AuthorizationPageException(Reason.MISSING_CLIENT_ID, Optional.empty()));
        return clients.find(clientId)
                .orElseThrow(() -> new AuthorizationPageException(Reason.UNKNOWN_CLIENT, Optional.of(clientId)));
    }
}
