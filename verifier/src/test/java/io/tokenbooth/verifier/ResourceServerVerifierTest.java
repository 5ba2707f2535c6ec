package io.tokenbooth.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.verifier.TokenRejectedException.Reason;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceServerVerifierTest {
    static final String AUD = "http://127.0.0.1:8081";
    FakeIssuer issuer;
    ResourceServerVerifier verifier;

    @BeforeEach
    void start() throws Exception {
        issuer = new FakeIssuer();
    }

    @AfterEach
    void stop() {
        if (verifier != null) {
            verifier.close();
        }
        issuer.close();
    }

    ResourceServerVerifier.Builder builder() {
        return ResourceServerVerifier.builder(issuer.issuer).audience(AUD);
    }

    ResourceServerVerifier verifier() {
        verifier = builder().build();
        return verifier;
    }

    static Reason reason(ResourceServerVerifier v, String token, String... scopes) {
        try {
            v.verify(token, scopes);
            throw new AssertionError("accepted");
        } catch (TokenRejectedException e) {
            return e.reason();
        }
    }

    @Test
    void acceptsAGoodTokenAndReadsItsClaims() throws Exception {
        VerifiedToken t = verifier().verify(issuer.sign(issuer.claims(AUD).build()), "wallet:read");
        assertThat(t.subject()).isEqualTo("alice");
        assertThat(t.clientId()).isEqualTo("wallet-web");
        assertThat(t.scopes()).containsExactly("wallet:read");
        assertThat(t.keyId()).isEqualTo(issuer.signing.getKeyID());
    }

    @Test
    void discoveryMustNameExactlyTheIssuer() {
        assertThatThrownBy(() -> ResourceServerVerifier.builder(issuer.issuer + "/").audience(AUD).build())
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("names the issuer");
        assertThatThrownBy(() -> ResourceServerVerifier.builder(issuer.issuer).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience");
    }

    @Test
    void missingScopeIsInsufficientScopeWithTheScopeInTheChallenge() throws Exception {
        String token = issuer.sign(issuer.claims(AUD).build());
        assertThatThrownBy(() -> verifier().verify(token, "wallet:read", "wallet:write"))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("insufficient_scope");
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.wwwAuthenticate("wallet")).isEqualTo("Bearer realm=\"wallet\", "
                            + "error=\"insufficient_scope\", error_description=\"the access token lacks the scope "
                            + "wallet:write\", scope=\"wallet:read wallet:write\"");
                });
    }

    @Test
    void refusesWrongIssuerAudienceTypeAndTimes() throws Exception {
        ResourceServerVerifier v = verifier();
        Instant now = Instant.now();
        assertThat(reason(v, issuer.sign(issuer.claims(AUD).issuer(issuer.issuer + "/x").build())))
                .isEqualTo(Reason.CLAIMS);
        assertThat(reason(v, issuer.sign(issuer.claims("http://127.0.0.1:9999").build()))).isEqualTo(Reason.CLAIMS);
        assertThat(reason(v, issuer.sign(issuer.claims(AUD).expirationTime(Date.from(now.minusSeconds(120)))
                .build()))).isEqualTo(Reason.EXPIRED);
        assertThat(reason(v, issuer.sign(issuer.claims(AUD).notBeforeTime(Date.from(now.plusSeconds(120)))
                .build()))).isEqualTo(Reason.CLAIMS);
        assertThat(reason(v, issuer.sign(issuer.claims(AUD).issueTime(Date.from(now.plusSeconds(120)))
                .build()))).isEqualTo(Reason.CLAIMS);
        String jwtTyped = FakeIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(issuer.signing.getKeyID()).build(), issuer.claims(AUD).build(), issuer.signing);
        assertThat(reason(v, jwtTyped)).isEqualTo(Reason.TYPE);
        TokenRejectedException e = assertThrowsRejected(v, jwtTyped);
        assertThat(e.wwwAuthenticate("api")).startsWith("Bearer realm=\"api\", error=\"invalid_token\", "
                + "error_description=\"");
        assertThat(e.status()).isEqualTo(401);
    }

    static TokenRejectedException assertThrowsRejected(ResourceServerVerifier v, String token) {
        try {
            v.verify(token);
            throw new AssertionError("accepted");
        } catch (TokenRejectedException e) {
            return e;
        }
    }

    @Test
    void refusesWrongKeyAlgorithmNoneAndHmacWithThePublicKey() throws Exception {
        ResourceServerVerifier v = verifier();
        JWTClaimsSet claims = issuer.claims(AUD).build();
        ECKey stranger = FakeIssuer.newKey();
        String sameKidOtherKey = FakeIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("at+jwt")).keyID(issuer.signing.getKeyID()).build(), claims, stranger);
        assertThat(reason(v, sameKidOtherKey)).isEqualTo(Reason.SIGNATURE);

        RSAKey rsa = new RSAKeyGenerator(2048).keyID(issuer.signing.getKeyID()).generate();
        SignedJWT ps = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).type(new JOSEObjectType("at+jwt"))
                .keyID(rsa.getKeyID()).build(), claims);
        ps.sign(new RSASSASigner(rsa));
        assertThat(reason(v, ps.serialize())).isEqualTo(Reason.ALGORITHM);

        String none = new PlainJWT(claims).serialize();
        assertThat(reason(v, none)).isEqualTo(Reason.MALFORMED);

        byte[] publicKeyAsSecret = issuer.signing.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                .keyID(issuer.signing.getKeyID()).build(), claims);
        hs.sign(new MACSigner(publicKeyAsSecret));
        assertThat(reason(v, hs.serialize())).isEqualTo(Reason.ALGORITHM);
        assertThatThrownBy(() -> builder().algorithms(java.util.Set.of(JWSAlgorithm.HS256)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFloodOfForgedKidsFetchesTheJwksABoundedNumberOfTimes() throws Exception {
        ResourceServerVerifier v = builder().jwksRefetchInterval(Duration.ofMinutes(1)).build();
        verifier = v;
        v.verify(issuer.sign(issuer.claims(AUD).build()));
        int before = issuer.jwksFetches.get();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reason>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                ECKey forged = FakeIssuer.newKey();
                String token = FakeIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("at+jwt")).keyID(UUID.randomUUID().toString()).build(),
                        issuer.claims(AUD).build(), forged);
                results.add(pool.submit(() -> reason(v, token)));
            }
            for (Future<Reason> r : results) {
                assertThat(r.get()).isEqualTo(Reason.UNKNOWN_KEY);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(issuer.jwksFetches.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void aRotatedInKeyIsPickedUpByTheRefetch() throws Exception {
        ResourceServerVerifier v = builder().jwksRefetchInterval(Duration.ZERO).build();
        verifier = v;
        v.verify(issuer.sign(issuer.claims(AUD).build()));
        String oldKeyToken = issuer.sign(issuer.claims(AUD).build());
        issuer.rotate();
        String newKeyToken = issuer.sign(issuer.claims(AUD).build());
        assertThat(v.verify(newKeyToken).keyId()).isEqualTo(issuer.signing.getKeyID());
        assertThat(v.verify(oldKeyToken).subject()).isEqualTo("alice");
    }

    @Test
    void aSeenTokenIsStillRefusedOnceExpired() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().plusSeconds(30));
        ResourceServerVerifier v = builder().clock(clock).clockSkew(Duration.ZERO).build();
        verifier = v;
        String token = issuer.sign(issuer.claims(AUD).build());
        v.verify(token);
        v.verify(token);
        clock.advance(Duration.ofSeconds(280));
        assertThat(reason(v, token)).isEqualTo(Reason.EXPIRED);
    }

    static final class MutableClock extends java.time.Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
