package io.tokenbooth.examples.wallet.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A stand-in for Tokenbooth's published endpoints on 127.0.0.1: discovery and the JWKS, and access tokens minted
 * with Nimbus (ES256, {@code typ: at+jwt}, RFC 9068 claims). The real issuer end to end is the integration tests'.
 */
public final class FakeIssuer implements AutoCloseable {
    private final HttpServer server;
    private final ECKey key;
    private final String issuer;
    /** The one status list's bits (draft-ietf-oauth-status-list, bits = 1): set = revoked. */
    private final java.util.BitSet revoked = new java.util.BitSet();
    private final java.util.concurrent.atomic.AtomicInteger nextIndex = new java.util.concurrent.atomic.AtomicInteger();

    private FakeIssuer(HttpServer server, ECKey key) {
        this.server = server;
        this.key = key;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static FakeIssuer start() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeIssuer fake = new FakeIssuer(server, key);
            server.createContext("/.well-known/openid-configuration", ex -> fake.send(ex, "{\"issuer\":\""
                    + fake.issuer + "\",\"jwks_uri\":\"" + fake.issuer + "/.well-known/jwks.json\"}"));
            server.createContext("/.well-known/jwks.json", ex -> fake.send(ex, fake.jwks().toString()));
            server.createContext("/statuslists/1", ex -> fake.send(ex, "application/statuslist+jwt",
                    fake.statusListToken()));
            server.start();
            return fake;
        } catch (IOException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(HttpExchange ex, String json) throws IOException {
        send(ex, "application/json", json);
    }

    private void send(HttpExchange ex, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    public String issuer() {
        return issuer;
    }

    /** The URI of the status list every minted token points at. */
    public String statusListUri() {
        return issuer + "/statuslists/1";
    }

    /** Flips the status bit of {@code token} (one this issuer minted): revoked from now on. */
    public void revoke(String token) {
        try {
            Object idx = ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) SignedJWT.parse(token).getJWTClaimsSet()
                    .getClaim("status")).get("status_list")).get("idx");
            synchronized (revoked) {
                revoked.set(((Number) idx).intValue());
            }
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The Status List Token: zlib-compressed bits, least significant bit first (draft §4.1), signed by the key. */
    private String statusListToken() {
        byte[] bits;
        synchronized (revoked) {
            bits = java.util.Arrays.copyOf(revoked.toByteArray(), Math.max(16, nextIndex.get() / 8 + 1));
        }
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
        deflater.setInput(bits);
        deflater.finish();
        byte[] buf = new byte[bits.length + 64];
        int n = deflater.deflate(buf);
        deflater.end();
        String lst = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(buf, n));
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(statusListUri()).issuer(issuer)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .claim("ttl", 1).claim("status_list", java.util.Map.of("bits", 1, "lst", lst)).build();
        return sign(new JOSEObjectType("statuslist+jwt"), claims);
    }

    public JWKSet jwks() {
        return new JWKSet(key.toPublicJWK());
    }

    /** A user's access token for {@code audience} with {@code scope}, valid for five minutes. */
    public String token(String sub, String audience, String scope) {
        return token(sub, audience, scope, b -> { });
    }

    /** As {@link #token(String, String, String)}, with {@code edit} changing the claims. */
    public String token(String sub, String audience, String scope, Consumer<JWTClaimsSet.Builder> edit) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(sub).audience(audience)
                .claim("scope", scope).claim("client_id", "wallet-web").jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("status", java.util.Map.of("status_list", java.util.Map.of("idx", nextIndex.getAndIncrement(),
                        "uri", statusListUri())));
        edit.accept(claims);
        return sign(new JOSEObjectType("at+jwt"), claims.build());
    }

    private String sign(JOSEObjectType type, JWTClaimsSet built) {
        try {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(type).build();
            while (true) {
                SignedJWT jwt = new SignedJWT(header, built);
                jwt.sign(new ECDSASigner(key));
                if (lowS(jwt.getSignature().decode())) {
                    return jwt.serialize();
                }
            }
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an ES256 signature's s is at most n/2: the form Tokenbooth signs and its verifier may insist on. */
    private static boolean lowS(byte[] rs) {
        java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64));
        return s.compareTo(Curve.P_256.toECParameterSpec().getOrder().shiftRight(1)) <= 0;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
