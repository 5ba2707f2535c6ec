package io.tokenbooth.server.session;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.session.IdTokenHintVerifier.IdTokenHint;
import io.tokenbooth.server.session.SsoSessionService.Active;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * RP-Initiated Logout (OpenID Connect RP-Initiated Logout 1.0): ends the browser's SSO session and, when the client
 * is identified and the {@code post_logout_redirect_uri} is exactly one it registered, sends the user back there
 * with {@code state}. Anything else gets a signed-out page and never a redirect (no open redirector, RFC 9700 §4.11).
 * <p>
 * A logout is a state change that another site could trigger with a link, so the user is asked to confirm unless a
 * valid {@code id_token_hint} shows the request comes from a client this user signed in to (§2, §6). A return address
 * that is refused (not registered exactly for the client, or no client identified) is never followed (§3), and the
 * user confirms first and is told so on both pages: the OpenID Foundation's conformance review expects an error or a
 * confirmation page there, not what looks like the logout the client asked for. No HTTP here; thread-safe.
 */
public final class LogoutFlow {
    private final ClientService clients;
    private final SsoSessionService sessions;
    private final IdTokenHintVerifier hints;

    public LogoutFlow(ClientService clients, SsoSessionService sessions, IdTokenHintVerifier hints) {
        this.clients = clients;
        this.sessions = sessions;
        this.hints = hints;
    }

    /** What the browser gets next. Every outcome but {@link Confirm} and {@link Invalid} ends the session. */
    public sealed interface Outcome {
    }

    /** Signed out; go back to the client. */
    public record Redirect(String location) implements Outcome {
    }

    /** Signed out; nowhere to go back to, or ({@code returnRefused}) the requested return address was refused. */
    public record SignedOut(boolean returnRefused) implements Outcome {
    }

    /** Ask the user to confirm, carrying the request through the form; {@code returnRefused} as in SignedOut. */
    public record Confirm(LogoutRequest request, boolean returnRefused) implements Outcome {
    }

    /** A request that contradicts itself (repeated parameters, {@code client_id} not the hint's): nothing done. */
    public record Invalid() implements Outcome {
    }

    /** {@code GET|POST /oauth2/logout}. */
    public Outcome request(LogoutRequest req, Optional<String> sessionCookie) {
        if (req.malformed()) {
            return new Invalid();
        }
        Optional<IdTokenHint> hint = req.idTokenHint().flatMap(hints::verify);
        if (hint.isPresent() && req.clientId().isPresent() && !hint.get().audience().contains(req.clientId().get())) {
            return new Invalid();
        }
        Optional<Active> session = sessions.resolve(sessionCookie);
        boolean vouched = hint.isPresent() && session.map(s -> s.account().id().equals(hint.get().subject())).orElse(true);
        boolean refused = refused(req, hint);
        if (session.isPresent() && (!vouched || refused)) {
            return new Confirm(req, refused);
        }
        return signOut(req, hint, sessionCookie);
    }

    /** {@code POST /oauth2/logout/confirm}, the user's confirmation (its CSRF token already checked). */
    public Outcome confirm(LogoutRequest req, Optional<String> sessionCookie) {
        if (req.malformed()) {
            return new Invalid();
        }
        Optional<IdTokenHint> hint = req.idTokenHint().flatMap(hints::verify);
        if (hint.isPresent() && req.clientId().isPresent() && !hint.get().audience().contains(req.clientId().get())) {
            return new Invalid();
        }
        return signOut(req, hint, sessionCookie);
    }

    private Outcome signOut(LogoutRequest req, Optional<IdTokenHint> hint, Optional<String> sessionCookie) {
        sessions.end(sessionCookie);
        return redirectUri(req, hint)
                .<Outcome>map(uri -> new Redirect(withState(uri, req.state())))
                .orElseGet(() -> new SignedOut(refused(req, hint)));
    }

    /** A return address was asked for but is not one this request may be sent back to. */
    private boolean refused(LogoutRequest req, Optional<IdTokenHint> hint) {
        return req.postLogoutRedirectUri().isPresent() && redirectUri(req, hint).isEmpty();
    }

    /**
     * The registered post-logout URI, exactly as registered, of the client named by the verified hint or, without a
     * hint, by {@code client_id}. An id_token_hint that does not verify identifies no client: no redirect.
     */
    private Optional<String> redirectUri(LogoutRequest req, Optional<IdTokenHint> hint) {
        if (req.postLogoutRedirectUri().isEmpty() || (req.idTokenHint().isPresent() && hint.isEmpty())) {
            return Optional.empty();
        }
        Optional<String> clientId = hint.isPresent() ? req.clientId().or(() -> hint.get().clientId()) : req.clientId();
        String uri = req.postLogoutRedirectUri().get();
        return clientId.flatMap(clients::find)
                .map(Client::postLogoutRedirectUris)
                .filter(registered -> registered.contains(uri))
                .map(registered -> uri);
    }

    private static String withState(String uri, Optional<String> state) {
        if (state.isEmpty()) {
            return uri;
        }
        String value = URLEncoder.encode(state.get(), StandardCharsets.UTF_8).replace("+", "%20");
        char sep = uri.indexOf('?') < 0 ? '?' : '&';
        return uri + sep + "state=" + value;
    }
}
