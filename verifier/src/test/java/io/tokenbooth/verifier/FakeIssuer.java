package io.tokenbooth.verifier;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;

/**
 * A stand-in issuer on 127.0.0.1 with the shapes Tokenbooth serves: discovery, a JWKS, and Status List Tokens
 * ({@code statuslist+jwt}, ETag, 304 on {@code If-None-Match}). Tokens are signed here with Nimbus's signers
 * directly, not through anything of the verifier. Counts what it serves; can be made to fail.
 */
final class FakeIssuer implements AutoCloseable {
    final HttpServer server;
    final String issuer;
    final AtomicInteger jwksFetches = new AtomicInteger();
    final AtomicInteger listFetches = new AtomicInteger();
    final AtomicInteger notModified = new AtomicInteger();
    final List<String> listIfNoneMatch = new CopyOnWriteArrayList<>();
    final List<ECKey> published = new CopyOnWriteArrayList<>();
    volatile ECKey signing;
    volatile boolean down;
    /** Replaces the body of every status list answer (a malformed token), when set. */
    volatile UnaryOperator<String> listTamper;
    private final Map<String, byte[]> lists = new ConcurrentHashMap<>();

    FakeIssuer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        signing = newKey();
        published.add(signing);
        server.createContext("/.well-known/openid-configuration", ex -> send(ex, 200, "application/json",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}", null));
        server.createContext("/jwks", ex -> {
            jwksFetches.incrementAndGet();
            List<JWK> pub = new ArrayList<>();
            for (ECKey k : published) {
                pub.add(k.toPublicJWK());
            }
            send(ex, 200, "application/jwk-set+json", new JWKSet(pub).toString(), null);
        });
        server.createContext("/statuslists/", this::statusList);
        server.start();
    }

    static ECKey newKey() throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    }

    /** Publishes a new key and signs with it from now on; the old one stays published. */
    ECKey rotate() throws Exception {
        ECKey k = newKey();
        published.add(k);
        signing = k;
        return k;
    }

    String listUri(String id) {
        return issuer + "/statuslists/" + id;
    }

    /** Creates (or replaces) list {@code id} with {@code size} VALID entries. */
    void list(String id, int size) {
        lists.put(id, new byte[(size + 7) / 8]);
    }

    void revoke(String id, int idx) {
        byte[] bits = lists.get(id).clone();
        bits[idx / 8] |= (byte) (1 << (idx % 8));
        lists.put(id, bits);
    }

    /** Claims of an access token for {@code audience}, valid for 5 minutes; tests change what they test. */
    JWTClaimsSet.Builder claims(String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("alice")
                .claim("client_id", "wallet-web").claim("scope", "wallet:read").jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    /** The claims with a status reference into list {@code id} at {@code idx}. */
    JWTClaimsSet.Builder claims(String audience, String id, int idx) {
        return claims(audience).claim("status", Map.of("status_list", Map.of("idx", idx, "uri", listUri(id))));
    }

    String sign(JWTClaimsSet claims) throws Exception {
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(signing.getKeyID()).build(), claims, signing);
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, ECKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private void statusList(HttpExchange ex) throws IOException {
        listFetches.incrementAndGet();
        if (down) {
            send(ex, 503, "text/plain", "down", null);
            return;
        }
        String id = ex.getRequestURI().getPath().substring("/statuslists/".length());
        byte[] bits = lists.get(id);
        if (bits == null) {
            send(ex, 404, "text/plain", "unknown", null);
            return;
        }
        String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(bits)) + "-" + signing.getKeyID() + "\"";
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        listIfNoneMatch.add(inm == null ? "" : inm);
        if (etag.equals(inm) && listTamper == null) {
            notModified.incrementAndGet();
            send(ex, 304, null, "", etag);
            return;
        }
        try {
            String token = statusListToken(listUri(id), bits);
            UnaryOperator<String> tamper = listTamper;
            send(ex, 200, "application/statuslist+jwt", tamper == null ? token : tamper.apply(token), etag);
        } catch (Exception e) {
            send(ex, 500, "text/plain", e.toString(), null);
        }
    }

    String statusListToken(String uri, byte[] bits) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(uri).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600))).claim("ttl", 300)
                .claim("status_list", Map.of("bits", 1, "lst", Base64URL.encode(zlib(bits)).toString())).build();
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("statuslist+jwt"))
                .keyID(signing.getKeyID()).build(), claims, signing);
    }

    static byte[] zlib(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private static void send(HttpExchange ex, int status, String type, String body, String etag) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        if (etag != null) {
            ex.getResponseHeaders().set("ETag", etag);
        }
        ex.sendResponseHeaders(status, status == 304 ? -1 : bytes.length);
        if (status != 304) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
