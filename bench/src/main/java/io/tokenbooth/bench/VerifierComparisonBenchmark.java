package io.tokenbooth.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.tokenbooth.verifier.ResourceServerVerifier;
import io.tokenbooth.verifier.VerifiedToken;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifications per second, one thread, of the resource-server verifier against Spring Security's
 * {@code NimbusJwtDecoder}, jose4j, jjwt and auth0 java-jwt, on the same access token (ES256 or RS256, RFC 9068
 * shape, no status claim: every library checks signature, {@code iss}, {@code aud} and times; ours, Spring's and
 * jose4j's also {@code typ}). {@code tokenbooth_new}: our verifier with its cache off (every call parses and checks
 * the signature, as for a token never seen); {@code tokenbooth_seen}: with the cache on, the same token again (the
 * others have no such cache, so their figure is the same for a token seen before). Our verifier reads discovery and
 * the JWKS from a local HTTP server at setup, as in production; the others get the public key directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifierComparisonBenchmark {
    static final String AUD = "https://wallet.example";

    @Param({"ES256", "RS256"})
    public String alg;

    private HttpServer issuerServer;
    private String token;
    private ResourceServerVerifier tokenbooth;
    private ResourceServerVerifier tokenboothCached;
    private NimbusJwtDecoder spring;
    private JwtConsumer jose4j;
    private JwtParser jjwt;
    private JWTVerifier auth0;

    @Setup
    public void setUp() throws Exception {
        JWK key = "ES256".equals(alg) ? new ECKeyGenerator(Curve.P_256).keyID("k1").generate()
                : new RSAKeyGenerator(2048).keyID("k1").generate();
        JWKSet publicSet = new JWKSet(key.toPublicJWK());
        issuerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + issuerServer.getAddress().getPort();
        serve("/.well-known/openid-configuration", "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer
                + "/jwks\"}");
        serve("/jwks", publicSet.toString());
        issuerServer.start();

        JWSAlgorithm jwsAlg = JWSAlgorithm.parse(alg);
        JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(jwsAlg).type(new JOSEObjectType("at+jwt")).keyID("k1")
                .build(), new JWTClaimsSet.Builder().issuer(issuer).audience(AUD).subject("alice")
                .claim("client_id", "wallet-web").claim("scope", "wallet:read wallet:write")
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600))).build());
        jwt.sign(signer);
        token = jwt.serialize();

        tokenbooth = ResourceServerVerifier.builder(issuer).audience(AUD).cacheSize(0).build();
        tokenboothCached = ResourceServerVerifier.builder(issuer).audience(AUD).build();

        spring = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(publicSet))
                .jwsAlgorithm(SignatureAlgorithm.from(alg)).build();
        spring.setJwtValidator(JwtValidators.createDefaultWithValidators(List.of(new JwtTypeValidator("at+jwt"),
                new JwtIssuerValidator(issuer), new JwtClaimValidator<List<String>>("aud", a -> a.contains(AUD)))));

        PublicKey pub = key instanceof ECKey ec ? ec.toECPublicKey() : ((RSAKey) key).toRSAPublicKey();
        jose4j = new JwtConsumerBuilder().setRequireExpirationTime().setRequireSubject().setAllowedClockSkewInSeconds(60)
                .setExpectedIssuer(issuer).setExpectedAudience(AUD).setVerificationKey(pub)
                .setExpectedType(true, "at+jwt")
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg).build();
        jjwt = Jwts.parser().verifyWith(pub).requireIssuer(issuer).requireAudience(AUD).clockSkewSeconds(60).build();
        auth0 = JWT.require(pub instanceof ECPublicKey ec ? com.auth0.jwt.algorithms.Algorithm.ECDSA256(ec)
                        : com.auth0.jwt.algorithms.Algorithm.RSA256((RSAPublicKey) pub))
                .withIssuer(issuer).withAudience(AUD).acceptLeeway(60).build();

        verifyAll();
    }

    /** Every verifier accepts the token before anything is measured. */
    void verifyAll() throws Exception {
        tokenbooth.verify(token, "wallet:read");
        tokenboothCached.verify(token, "wallet:read");
        spring.decode(token);
        jose4j.processToClaims(token);
        jjwt.parseSignedClaims(token);
        auth0.verify(token);
    }

    private void serve(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        issuerServer.createContext(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
    }

    @TearDown
    public void tearDown() {
        tokenbooth.close();
        tokenboothCached.close();
        issuerServer.stop(0);
    }

    @Benchmark
    public VerifiedToken tokenbooth_new() throws Exception {
        return tokenbooth.verify(token, "wallet:read");
    }

    @Benchmark
    public VerifiedToken tokenbooth_seen() throws Exception {
        return tokenboothCached.verify(token, "wallet:read");
    }

    @Benchmark
    public Jwt springNimbusJwtDecoder() {
        return spring.decode(token);
    }

    @Benchmark
    public Object jose4j() throws Exception {
        return jose4j.processToClaims(token);
    }

    @Benchmark
    public Object jjwt() {
        return jjwt.parseSignedClaims(token).getPayload();
    }

    @Benchmark
    public Object auth0() {
        return auth0.verify(token);
    }
}
