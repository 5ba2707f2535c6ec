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
            server.start();
            return fake;
        } catch (IOException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(HttpExchange ex, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    public String issuer() {
        return issuer;
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
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        edit.accept(claims);
        try {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build();
            JWTClaimsSet built = claims.build();
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
