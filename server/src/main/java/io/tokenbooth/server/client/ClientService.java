package io.tokenbooth.server.client;

import com.nimbusds.jose.jwk.JWKSet;
import io.tokenbooth.server.oauth.OAuthException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Registers, lists, removes clients and rotates their secrets. Thread-safe. */
public final class ClientService {
    public static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials");
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email", "offline_access");
    /** The built-in first-party client's id; no registered client may take it. */
    private static final Set<String> RESERVED_CLIENT_IDS = Set.of(FirstPartyClient.ID);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

    private final ClientStore store;
    private final Clock clock;

    public ClientService(ClientStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A registered client and, for secret-based clients, the secret in clear: shown once, never stored. */
    public record Registered(Client client, Optional<String> secret) {
    }

    public Registered register(ClientRegistration r) {
        if (r.clientId() == null || !CLIENT_ID.matcher(r.clientId()).matches()) {
            throw OAuthException.invalidRequest("client_id must be 1-128 characters of A-Z a-z 0-9 . _ ~ -");
        }
        if (RESERVED_CLIENT_IDS.contains(r.clientId())) {
            throw OAuthException.invalidRequest("client_id '" + r.clientId() + "' is reserved for the first-party API");
        }
        // Auth method none is a public client whether or not the public flag is set (CLI --auth-method none).
        boolean publicClient = r.publicClient() || r.authMethod().filter(m -> m == AuthMethod.NONE).isPresent();
        AuthMethod method = publicClient ? AuthMethod.NONE : r.authMethod().orElse(AuthMethod.CLIENT_SECRET_BASIC);
        if (r.publicClient() && r.authMethod().filter(m -> m != AuthMethod.NONE).isPresent()) {
            throw OAuthException.invalidRequest("a public client authenticates with 'none'");
        }
        List<String> redirects = r.redirectUris().stream().map(RedirectUris::validateForRegistration).distinct().toList();
        List<String> logoutRedirects = r.postLogoutRedirectUris().stream()
                .map(RedirectUris::validateForRegistration).distinct().toList();
        Set<String> grants = new LinkedHashSet<>(r.grantTypes());
        if (grants.isEmpty()) {
            if (!redirects.isEmpty()) {
                grants.add("authorization_code");
                grants.add("refresh_token");
            } else if (!publicClient) {
                grants.add("client_credentials");
            }
        }
        for (String g : grants) {
            if (!GRANT_TYPES.contains(g)) {
                throw OAuthException.invalidRequest("unsupported grant type '" + g + "'; supported: " + GRANT_TYPES);
            }
        }
        if (grants.isEmpty()) {
            throw OAuthException.invalidRequest("a public client needs at least one redirect URI");
        }
        if (grants.contains("authorization_code") && redirects.isEmpty()) {
            throw OAuthException.invalidRequest("the authorization_code grant needs at least one redirect URI");
        }
        if (publicClient && grants.contains("client_credentials")) {
            throw OAuthException.invalidRequest("a public client cannot use client_credentials");
        }
        Set<String> scopes = new LinkedHashSet<>(r.scopes().isEmpty() ? DEFAULT_SCOPES : r.scopes());
        for (String s : scopes) {
            if (!isScopeToken(s)) {
                throw OAuthException.invalidRequest("scope '" + s + "' is not a valid scope token (RFC 6749 §3.3)");
            }
        }
        List<String> audiences = r.audiences().stream().map(ClientService::checkAudience).distinct().toList();
        List<String> origins = r.webOrigins().stream().map(ClientService::checkOrigin).distinct().toList();
        Optional<String> jwks = r.jwks().map(ClientService::checkJwks);
        if (method == AuthMethod.PRIVATE_KEY_JWT && jwks.isEmpty()) {
            throw OAuthException.invalidRequest("private_key_jwt needs the client's public keys (jwks)");
        }
        Optional<String> secret = Optional.empty();
        if (method.usesSecret()) {
            String s = r.secret().orElseGet(ClientSecrets::generate);
            if (s.length() < ClientSecrets.MIN_LENGTH) {
                throw OAuthException.invalidRequest("a client secret must be at least " + ClientSecrets.MIN_LENGTH + " characters");
            }
            secret = Optional.of(s);
        } else if (r.secret().isPresent()) {
            throw OAuthException.invalidRequest("a secret is only used with client_secret_basic or client_secret_post");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Client client = new Client(r.clientId(), r.clientName().orElse(r.clientId()), secret.map(ClientSecrets::hash),
                method, jwks, redirects, logoutRedirects, grants, scopes, audiences, origins, r.firstParty(),
                r.accessTokenTtl(), r.refreshIdleTtl(), r.refreshAbsoluteTtl(), now);
        try {
            store.create(client);
        } catch (ClientStore.ClientExistsException e) {
            throw OAuthException.of("invalid_request", "client '" + r.clientId() + "' already exists", 409);
        }
        return new Registered(client, secret);
    }

    /** Whether {@code s} is one scope token (RFC 6749 §3.3) of at most 128 characters. */
    public static boolean isScopeToken(String s) {
        return s != null && SCOPE.matcher(s).matches();
    }

    /** Replaces the secret of a secret-based client; returns the new secret, shown once. */
    public String rotateSecret(String clientId, Optional<String> chosen) {
        Client client = require(clientId);
        if (!client.authMethod().usesSecret()) {
            throw OAuthException.invalidRequest("client '" + clientId + "' does not use a secret");
        }
        String secret = chosen.orElseGet(ClientSecrets::generate);
        if (secret.length() < ClientSecrets.MIN_LENGTH) {
            throw OAuthException.invalidRequest("a client secret must be at least " + ClientSecrets.MIN_LENGTH + " characters");
        }
        store.updateSecretHash(clientId, ClientSecrets.hash(secret), clock.instant());
        return secret;
    }

    /** Removes a registered client; the built-in first-party client is refused ({@code invalid_request}). */
    public boolean remove(String clientId) {
        if (RESERVED_CLIENT_IDS.contains(clientId)) {
            throw OAuthException.invalidRequest("client '" + clientId + "' is built in and cannot be removed");
        }
        return store.delete(clientId);
    }

    public List<Client> list() {
        return store.list();
    }

    public Optional<Client> find(String clientId) {
        return clientId == null || clientId.length() > 128 ? Optional.empty() : store.find(clientId);
    }

    public Client require(String clientId) {
        return find(clientId).orElseThrow(() -> OAuthException.of("not_found", "no such client: " + clientId, 404));
    }

    /** An audience as RFC 8707 §2 requires: an absolute URI without a fragment, else {@code invalid_request}. */
    public static String checkAudience(String audience) {
        try {
            URI u = new URI(audience);
            if (!u.isAbsolute() || u.getRawFragment() != null) {
                throw OAuthException.invalidRequest("audience '" + audience + "' must be an absolute URI without fragment (RFC 8707)");
            }
            return audience;
        } catch (java.net.URISyntaxException e) {
            throw OAuthException.invalidRequest("audience '" + audience + "' is not a URI");
        }
    }

    private static String checkOrigin(String origin) {
        try {
            URI u = new URI(origin);
            if (u.getScheme() == null || u.getHost() == null || !(u.getRawPath() == null || u.getRawPath().isEmpty())
                    || u.getRawQuery() != null || u.getRawFragment() != null || "*".equals(origin)) {
                throw OAuthException.invalidRequest("web origin '" + origin + "' must be scheme://host[:port]");
            }
            return origin;
        } catch (java.net.URISyntaxException e) {
            throw OAuthException.invalidRequest("web origin '" + origin + "' is not an origin");
        }
    }

    private static String checkJwks(String json) {
        try {
            JWKSet set = JWKSet.parse(json);
            if (set.getKeys().isEmpty() || set.getKeys().stream().anyMatch(k -> k.isPrivate())) {
                throw OAuthException.invalidRequest("jwks must hold one or more public keys, no private parts");
            }
            return set.toString(true);
        } catch (java.text.ParseException e) {
            throw OAuthException.invalidRequest("jwks is not a JWK set: " + e.getMessage());
        }
    }

    /** All web origins of all clients, for CORS on the OAuth endpoints. */
    public Set<String> allWebOrigins() {
        Set<String> all = new LinkedHashSet<>();
        for (Client c : list()) {
            all.addAll(c.webOrigins());
        }
        return all;
    }
}
