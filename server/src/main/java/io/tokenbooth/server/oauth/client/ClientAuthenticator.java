package io.tokenbooth.server.oauth.client;

import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.ClientSecrets;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthParameters;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3, OpenID Connect Core §9):
 * <ul>
 * <li>{@code client_secret_basic}: HTTP Basic with the form-urlencoded client id and secret (RFC 6749 §2.3.1);</li>
 * <li>{@code client_secret_post}: {@code client_id} and {@code client_secret} in the form body;</li>
 * <li>{@code private_key_jwt}: {@code client_assertion_type} and {@code client_assertion} (RFC 7523), see
 * {@link ClientAssertionVerifier};</li>
 * <li>{@code none}: a public client names itself with {@code client_id} only.</li>
 * </ul>
 * A request uses exactly one method (RFC 6749 §2.3: more than one is {@code invalid_request}), and it must be the
 * client's registered {@code token_endpoint_auth_method}. Secrets are compared as SHA-256 hashes in constant time.
 * An unknown client, a wrong secret, missing credentials or another method than the registered one are all
 * {@code 401 invalid_client} with the same description. Thread-safe.
 */
public final class ClientAuthenticator {
    private static final String FAILED = "client authentication failed";
    /** Compared against for unknown clients, so that they cost the same hash as known ones. */
    private static final String DUMMY_HASH = ClientSecrets.hash("tokenbooth-unknown-client");

    private final ClientService clients;
    private final ClientAssertionVerifier assertions;

    public ClientAuthenticator(ClientService clients, ClientAssertionVerifier assertions) {
        this.clients = clients;
        this.assertions = assertions;
    }

    /**
     * Authenticates the client of a request.
     *
     * @param authorization the {@code Authorization} header, if any
     * @param params the request's form parameters
     */
    public Client authenticate(Optional<String> authorization, OAuthParameters params) {
        Optional<String[]> basic = authorization.map(ClientAuthenticator::basicCredentials);
        boolean post = params.has("client_secret");
        boolean jwt = params.has("client_assertion") || params.has("client_assertion_type");
        int methods = (basic.isPresent() ? 1 : 0) + (post ? 1 : 0) + (jwt ? 1 : 0);
        if (methods > 1) {
            throw OAuthException.invalidRequest("use exactly one client authentication method per request");
        }
        Optional<String> clientIdParam = params.get("client_id");
        if (basic.isPresent()) {
            String id = basic.get()[0];
            if (clientIdParam.isPresent() && !clientIdParam.get().equals(id)) {
                throw failed("client_id differs from the Basic credentials");
            }
            return withSecret(id, basic.get()[1], AuthMethod.CLIENT_SECRET_BASIC);
        }
        if (post) {
            return withSecret(clientIdParam.orElseThrow(() -> failed("client_secret without client_id")),
                    params.get("client_secret").orElseThrow(), AuthMethod.CLIENT_SECRET_POST);
        }
        if (jwt) {
            return assertions.verify(params.get("client_assertion_type").orElse(null),
                    params.get("client_assertion").orElse(null), clientIdParam);
        }
        String id = clientIdParam.orElseThrow(() -> failed("no client authentication"));
        Client client = clients.find(id).orElseThrow(() -> failed("unknown client"));
        if (client.authMethod() != AuthMethod.NONE) {
            throw failed("a confidential client sent no credentials");
        }
        return client;
    }

    private Client withSecret(String clientId, String secret, AuthMethod used) {
        Optional<Client> found = clients.find(clientId);
        String storedHash = found.flatMap(Client::secretHash).orElse(DUMMY_HASH);
        boolean matches = ClientSecrets.matches(secret, storedHash);
        Client client = found.orElseThrow(() -> failed("unknown client"));
        if (client.authMethod() != used) {
            throw failed("the client is registered for " + client.authMethod().value() + ", not " + used.value());
        }
        if (!matches || client.secretHash().isEmpty()) {
            throw failed("wrong client secret");
        }
        return client;
    }

    /** The decoded id and secret of a Basic header; any other scheme, or a malformed one, fails. */
    private static String[] basicCredentials(String header) {
        if (header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw failed("unsupported Authorization scheme");
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw failed("malformed Basic credentials");
            }
            // RFC 6749 §2.3.1: both parts are application/x-www-form-urlencoded before Base64.
            return new String[] {
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw failed("malformed Basic credentials");
        }
    }

    private static OAuthException failed(String detail) {
        return OAuthException.invalidClient(FAILED).withDetail(detail);
    }
}
