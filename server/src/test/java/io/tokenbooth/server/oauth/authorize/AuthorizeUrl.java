package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@code /oauth2/authorize} URLs. Starts from a valid OpenID Connect request with PKCE (S256) and a random
 * {@code state}; tests change, add or remove parameters from there.
 */
public final class AuthorizeUrl {
    private final TestServer server;
    private final Map<String, List<String>> params = new LinkedHashMap<>();
    public final String verifier;

    private AuthorizeUrl(TestServer server) {
        this.server = server;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static AuthorizeUrl valid(TestServer server, Client client) {
        return new AuthorizeUrl(server)
                .set("response_type", "code")
                .set("client_id", client.clientId())
                .set("redirect_uri", client.redirectUris().get(0))
                .set("scope", "openid profile")
                .set("state", "st-" + UUID.randomUUID())
                .set("nonce", "n-" + UUID.randomUUID())
                .pkce();
    }

    public AuthorizeUrl pkce() {
        return set("code_challenge", challenge(verifier)).set("code_challenge_method", "S256");
    }

    public AuthorizeUrl set(String name, String value) {
        List<String> values = new ArrayList<>();
        values.add(value);
        params.put(name, values);
        return this;
    }

    public AuthorizeUrl add(String name, String value) {
        params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    public AuthorizeUrl remove(String name) {
        params.remove(name);
        return this;
    }

    public String get(String name) {
        return params.get(name).get(0);
    }

    public String url() {
        return server.url("/oauth2/authorize?" + query());
    }

    public String query() {
        StringBuilder b = new StringBuilder();
        params.forEach((name, values) -> values.forEach(v -> {
            if (!b.isEmpty()) {
                b.append('&');
            }
            b.append(enc(name)).append('=').append(enc(v));
        }));
        return b.toString();
    }

    public static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
