package io.tokenbooth.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.oauth.code.AuthorizationCode;
import io.tokenbooth.server.testing.TestServer;
import io.tokenbooth.server.token.OpaqueTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Builders for the OAuth tests: clients registered through {@link ClientService}, accounts signed up over HTTP,
 * authorization codes created directly in the store (as the authorization endpoint would), and form posts.
 */
public final class OAuthTestKit {
    public static final String PASSWORD = "violet-harbour-lantern-42";
    public static final String REDIRECT = "https://rp.example.com/callback";
    private static final SecureRandom RANDOM = new SecureRandom();

    public final TestServer server;

    public OAuthTestKit(TestServer server) {
        this.server = server;
    }

    /** A registered client and, for secret-based ones, its secret. */
    public record RegisteredClient(String id, String secret) {
        public String basic() {
            return OAuthTestKit.basic(id, secret);
        }
    }

    /** A client registration under construction. */
    public final class ClientBuilder {
        private final String id;
        private boolean publicClient;
        private Optional<AuthMethod> method = Optional.empty();
        private Optional<String> secret = Optional.empty();
        private Optional<String> jwks = Optional.empty();
        private List<String> redirects = List.of(REDIRECT);
        private List<String> grants = List.of();
        private List<String> scopes = List.of();
        private List<String> audiences = List.of();
        private List<String> origins = List.of();
        private Optional<Duration> accessTtl = Optional.empty();
        private boolean firstParty;

        private ClientBuilder(String prefix) {
            this.id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        }

        public ClientBuilder publicClient() {
            this.publicClient = true;
            return this;
        }

        public ClientBuilder method(AuthMethod m) {
            this.method = Optional.of(m);
            return this;
        }

        public ClientBuilder secret(String s) {
            this.secret = Optional.of(s);
            return this;
        }

        public ClientBuilder jwks(String json) {
            this.jwks = Optional.of(json);
            return this;
        }

        public ClientBuilder redirects(String... uris) {
            this.redirects = List.of(uris);
            return this;
        }

        public ClientBuilder grants(String... g) {
            this.grants = List.of(g);
            return this;
        }

        public ClientBuilder scopes(String... s) {
            this.scopes = List.of(s);
            return this;
        }

        public ClientBuilder audiences(String... a) {
            this.audiences = List.of(a);
            return this;
        }

        public ClientBuilder webOrigins(String... o) {
            this.origins = List.of(o);
            return this;
        }

        /** A first-party client: the authorization endpoint skips the consent page. */
        public ClientBuilder firstParty() {
            this.firstParty = true;
            return this;
        }

        public ClientBuilder accessTtl(Duration ttl) {
            this.accessTtl = Optional.of(ttl);
            return this;
        }

        public RegisteredClient register() {
            ClientService.Registered r = server.tokenbooth().services().clients.register(new ClientRegistration(id,
                    Optional.empty(), publicClient, method, secret, jwks, redirects, List.of(), grants, scopes,
                    audiences, origins, firstParty, accessTtl, Optional.empty(), Optional.empty()));
            return new RegisteredClient(id, r.secret().orElse(null));
        }
    }

    public ClientBuilder client(String prefix) {
        return new ClientBuilder(prefix);
    }

    /** A confidential client_secret_basic client for the code flow with refresh tokens. */
    public RegisteredClient webClient() {
        return client("web").register();
    }

    /** Signs up a new account; returns its id. */
    public String newAccount() {
        return newAccountNamed("user_" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String newAccountNamed(String username) {
        return server.signup(username, PASSWORD).get("id").asText();
    }

    /** An authorization code under construction, stored by {@link #create()}. */
    public final class CodeBuilder {
        private final String clientId;
        private final String accountId;
        private String redirectUri = REDIRECT;
        private String scope = "openid profile email offline_access";
        private List<String> audiences = List.of();
        private Optional<String> nonce = Optional.empty();
        private Optional<String> challenge = Optional.empty();
        private Duration ttl = Duration.ofSeconds(60);

        private CodeBuilder(String clientId, String accountId) {
            this.clientId = clientId;
            this.accountId = accountId;
        }

        public CodeBuilder redirectUri(String uri) {
            this.redirectUri = uri;
            return this;
        }

        public CodeBuilder scope(String s) {
            this.scope = s;
            return this;
        }

        public CodeBuilder audiences(String... a) {
            this.audiences = List.of(a);
            return this;
        }

        public CodeBuilder nonce(String n) {
            this.nonce = Optional.of(n);
            return this;
        }

        /** Adds an S256 challenge for {@code verifier}. */
        public CodeBuilder pkce(String verifier) {
            this.challenge = Optional.of(challenge(verifier));
            return this;
        }

        public String create() {
            String code = OpaqueTokens.generate();
            Instant now = server.clock.instant();
            server.tokenbooth().services().codes.create(OpaqueTokens.hash(code), new AuthorizationCode(clientId, accountId,
                    redirectUri, scope, audiences, nonce, challenge, now.minusSeconds(5), List.of("pwd"), now,
                    now.plus(ttl)));
            return code;
        }
    }

    public CodeBuilder code(RegisteredClient client, String accountId) {
        return new CodeBuilder(client.id(), accountId);
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    /** POSTs an {@code application/x-www-form-urlencoded} body. */
    public TestServer.Response post(String path, String form, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded");
        return server.send(b, headers);
    }

    /** POSTs to the token endpoint with Basic client authentication. */
    public TestServer.Response token(RegisteredClient client, String... params) {
        return post("/oauth2/token", form(params), "Authorization", client.basic());
    }

    /** Exchanges a code created for {@code client} (no PKCE) and asserts success. */
    public TestServer.Response exchange(RegisteredClient client, String code) {
        TestServer.Response r = token(client, "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    /** Introspects {@code token} as {@code client}. */
    public TestServer.Response introspect(RegisteredClient client, String token) {
        return post("/oauth2/introspect", form("token", token), "Authorization", client.basic());
    }

    public TestServer.Response userInfo(String accessToken) {
        return server.get("/oauth2/userinfo", "Authorization", "Bearer " + accessToken);
    }

    /** {@code name=value&...}, each part form-urlencoded. */
    public static String form(String... params) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            parts.add(enc(params[i]) + "=" + enc(params[i + 1]));
        }
        return String.join("&", parts);
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** RFC 6749 §2.3.1: Basic over the form-urlencoded id and secret. */
    public static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    /** A random RFC 7636 code verifier (43 characters). */
    public static String verifier() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts an RFC 6749 §5.2 error answer. */
    public static void assertError(TestServer.Response r, int status, String error) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.text("error")).as(r.toString()).isEqualTo(error);
        assertThat(r.header("Cache-Control")).as(r.toString()).contains("no-store");
    }

    /** Asserts 401 invalid_client with a WWW-Authenticate challenge (RFC 6749 §5.2). */
    public static void assertInvalidClient(TestServer.Response r) {
        assertError(r, 401, "invalid_client");
        assertThat(r.header("WWW-Authenticate")).as(r.toString()).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }
}
