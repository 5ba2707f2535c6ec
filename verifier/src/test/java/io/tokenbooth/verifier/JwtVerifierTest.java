package io.tokenbooth.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.verifier.TokenRejectedException.Reason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of {@link JwtVerifier}, one at a time, with keys generated here. No server. */
class JwtVerifierTest {
    private static final String ISS = "https://auth.example.com";
    private static final String AUD = "https://api.example.com";
    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(30);
    /** The order of the P-256 group (FIPS 186-4 D.1.2.3). */
    private static final BigInteger P256_N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private static ECKey ec;
    private static RSAKey rsa;
    private static OctetKeyPair ed;
    private static ECKey attacker;
    private static JWSSigner ecSigner;

    @BeforeAll
    static void keys() throws Exception {
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ed = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Ed25519Jca.rawPublic(pair.getPublic())))
                .d(Base64URL.encode(Ed25519Jca.rawPrivate(pair.getPrivate()))).keyID("ed-1").build();
        attacker = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        ecSigner = EcdsaLowS.es256Signer(ec.toECPrivateKey());
    }

    private static VerificationKeys ourKeys() {
        return VerificationKeys.of(new JWKSet(List.<JWK>of(ec.toPublicJWK(), rsa.toPublicJWK(), ed.toPublicJWK())));
    }

    private static JwtVerifier.Builder accessTokens() {
        return JwtVerifier.builder(ourKeys()).issuer(ISS).audience(AUD).type(AT_JWT)
                .requiredClaims("sub", "jti", "exp", "iat").clock(CLOCK).clockSkew(SKEW);
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISS).subject("account-1").audience(AUD)
                .expirationTime(Date.from(NOW.plusSeconds(600))).issueTime(Date.from(NOW)).jwtID("jti-1")
                .claim("client_id", "app").claim("scope", "api openid");
    }

    private static JWSHeader.Builder header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).type(AT_JWT).keyID(kid);
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String es256(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return sign(header(JWSAlgorithm.ES256, "ec-1").build(), change.apply(claims()).build(), ecSigner);
    }

    private static Reason rejection(JwtVerifier verifier, String token) {
        try {
            verifier.verify(token);
        } catch (TokenRejectedException e) {
            assertThat(e.error()).isEqualTo("invalid_token");
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.description()).isNotBlank();
            return e.reason();
        }
        throw new AssertionError("accepted: " + token);
    }

    @Test
    void whenValidTokenOfEachAlgorithmThenVerifiedWithItsClaims() throws Exception {
        JwtVerifier verifier = accessTokens().build();
        List<String> tokens = List.of(es256(c -> c),
                sign(header(JWSAlgorithm.RS256, "rsa-1").build(), claims().build(), new RSASSASigner(rsa)),
                sign(header(JWSAlgorithm.EdDSA, "ed-1").build(), claims().build(), Ed25519Jca.signer(ed)));
        for (String token : tokens) {
            VerifiedToken t = verifier.verify(token);
            assertThat(t.subject()).isEqualTo("account-1");
            assertThat(t.clientId()).isEqualTo("app");
            assertThat(t.scopes()).containsExactly("api", "openid");
            assertThat(t.hasScope("api")).isTrue();
            assertThat(t.hasScope("ap")).isFalse();
            assertThat(t.audiences()).containsExactly(AUD);
            assertThat(t.jti()).isEqualTo("jti-1");
            assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(600));
            assertThat(t.issuedAt()).isEqualTo(NOW);
            assertThat(t.clientOnly()).isFalse();
            assertThat(t.claims().getIssuer()).isEqualTo(ISS);
        }
        assertThat(verifier.verify(tokens.get(1)).keyId()).isEqualTo("rsa-1");
    }

    @Test
    void whenClientCredentialsTokenThenClientOnly() throws Exception {
        JwtVerifier verifier = accessTokens().build();
        assertThat(verifier.verify(es256(c -> c.claim("gty", "client_credentials"))).clientOnly()).isTrue();
        assertThat(verifier.verify(es256(c -> c.subject("app"))).clientOnly()).isTrue();
    }

    @Test
    void whenAlgNoneThenRefused() throws Exception {
        String payload = Base64URL.encode(claims().build().toString()).toString();
        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}").toString();
        String realSignature = es256(c -> c).split("\\.")[2];
        JwtVerifier verifier = accessTokens().build();
        assertThat(rejection(verifier, none + "." + payload + ".")).isEqualTo(Reason.MALFORMED);
        assertThat(rejection(verifier, none + "." + payload + "." + realSignature)).isIn(Reason.MALFORMED,
                Reason.ALGORITHM);
    }

    @Test
    void whenHs256WithThePublicKeyAsSecretThenRefused() throws Exception {
        // The classic algorithm confusion: the attacker knows the public key and uses its bytes as an HMAC secret.
        byte[] secret = ec.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            String token = sign(header(alg, "ec-1").build(), claims().build(), new MACSigner(Arrays.copyOf(secret, 64)));
            assertThat(rejection(accessTokens().build(), token)).isEqualTo(Reason.ALGORITHM);
        }
    }

    @Test
    void whenNoneOrHmacAskedForThenTheBuilderRefuses() {
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512, new JWSAlgorithm("none"))) {
            assertThatThrownBy(() -> accessTokens().algorithms(Set.of(JWSAlgorithm.ES256, alg)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void whenAlgorithmOutsideTheAllowListThenRefused() throws Exception {
        String token = sign(header(JWSAlgorithm.RS256, "rsa-1").build(), claims().build(), new RSASSASigner(rsa));
        assertThat(rejection(accessTokens().algorithms(Set.of(JWSAlgorithm.ES256)).build(), token))
                .isEqualTo(Reason.ALGORITHM);
        String ps256 = sign(header(JWSAlgorithm.PS256, "rsa-1").build(), claims().build(), new RSASSASigner(rsa));
        assertThat(rejection(accessTokens().build(), ps256)).isEqualTo(Reason.ALGORITHM);
    }

    @Test
    void whenUnknownKidThenUnknownKey() throws Exception {
        String token = sign(header(JWSAlgorithm.ES256, "no-such-kid").build(), claims().build(), ecSigner);
        assertThat(rejection(accessTokens().build(), token)).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void whenKidOfAKeyOfAnotherTypeThenUnknownKey() throws Exception {
        // An EC-signed token naming the RSA key: the key does not fit the algorithm, so it is no candidate.
        String token = sign(header(JWSAlgorithm.ES256, "rsa-1").build(), claims().build(), ecSigner);
        assertThat(rejection(accessTokens().build(), token)).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void whenOurKidButAnotherKeySignedThenSignatureRefused() throws Exception {
        String token = sign(header(JWSAlgorithm.ES256, "ec-1").build(), claims().build(), new ECDSASigner(attacker));
        assertThat(rejection(accessTokens().build(), token)).isEqualTo(Reason.SIGNATURE);
    }

    @Test
    void whenEmbeddedJwkOrJkuHeaderThenTheyAreIgnored() throws Exception {
        JWSHeader embedded = header(JWSAlgorithm.ES256, "ec-1").jwk(attacker.toPublicJWK())
                .jwkURL(java.net.URI.create("https://evil.example/jwks")).build();
        String token = sign(embedded, claims().build(), new ECDSASigner(attacker));
        assertThat(rejection(accessTokens().build(), token)).isEqualTo(Reason.SIGNATURE);
    }

    @Test
    void whenCriticalHeaderParameterThenRefused() throws Exception {
        JWSHeader crit = header(JWSAlgorithm.ES256, "ec-1").criticalParams(Set.of("exp-ext")).customParam("exp-ext", 1)
                .build();
        assertThat(rejection(accessTokens().build(), sign(crit, claims().build(), ecSigner))).isEqualTo(Reason.HEADER);
    }

    @Test
    void whenTypIsNotAtJwtThenRefused() throws Exception {
        for (JOSEObjectType typ : new JOSEObjectType[] {JOSEObjectType.JWT, null, new JOSEObjectType("id_token+jwt")}) {
            String token = sign(header(JWSAlgorithm.ES256, "ec-1").type(typ).build(), claims().build(), ecSigner);
            assertThat(rejection(accessTokens().build(), token)).isEqualTo(Reason.TYPE);
        }
    }

    @Test
    void whenAnyTypeButAtJwtThenOthersPassAndAtJwtIsRefused() throws Exception {
        JwtVerifier idTokens = JwtVerifier.builder(ourKeys()).issuer(ISS).anyTypeBut(AT_JWT).clock(CLOCK).build();
        assertThat(rejection(idTokens, es256(c -> c))).isEqualTo(Reason.TYPE);
        for (JOSEObjectType typ : new JOSEObjectType[] {JOSEObjectType.JWT, null}) {
            String token = sign(header(JWSAlgorithm.ES256, "ec-1").type(typ).build(), claims().build(), ecSigner);
            assertThat(idTokens.verify(token).subject()).isEqualTo("account-1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", ISS + "/", "HTTPS://AUTH.EXAMPLE.COM"})
    void whenIssuerIsNotExactlyOursThenRefused(String iss) throws Exception {
        assertThat(rejection(accessTokens().build(), es256(c -> c.issuer(iss)))).isEqualTo(Reason.CLAIMS);
    }

    @Test
    void whenIssuerMissingThenRefused() throws Exception {
        assertThat(rejection(accessTokens().build(), es256(c -> c.issuer(null)))).isEqualTo(Reason.CLAIMS);
    }

    @Test
    void whenAudienceIsNotAcceptedThenRefused() throws Exception {
        JwtVerifier verifier = accessTokens().build();
        assertThat(rejection(verifier, es256(c -> c.audience("https://other.example")))).isEqualTo(Reason.CLAIMS);
        assertThat(rejection(verifier, es256(c -> c.audience(List.of("https://other.example", AUD + "/")))))
                .isEqualTo(Reason.CLAIMS);
        assertThat(rejection(verifier, es256(c -> c.audience((String) null)))).isEqualTo(Reason.CLAIMS);
        assertThat(verifier.verify(es256(c -> c.audience(List.of("https://other.example", AUD)))).audiences())
                .hasSize(2);
    }

    @Test
    void whenAnyAudienceThenItMustStillBePresentAndNotEmpty() throws Exception {
        JwtVerifier verifier = accessTokens().anyAudience().build();
        assertThat(verifier.verify(es256(c -> c.audience("https://other.example"))).audiences())
                .containsExactly("https://other.example");
        assertThat(rejection(verifier, es256(c -> c.audience((String) null)))).isEqualTo(Reason.CLAIMS);
        assertThat(rejection(verifier, es256(c -> c.audience(List.of())))).isEqualTo(Reason.CLAIMS);
        assertThat(rejection(verifier, es256(c -> c.audience(Arrays.asList((String) null))))).isEqualTo(Reason.CLAIMS);
        assertThat(rejection(accessTokens().build(), es256(c -> c.audience(Arrays.asList(AUD, null)))))
                .isEqualTo(Reason.CLAIMS);
    }

    @Test
    void whenSoleAudienceThenExactlyThatOneValue() throws Exception {
        JwtVerifier verifier = accessTokens().soleAudience(ISS).build();
        assertThat(verifier.verify(es256(c -> c.audience(ISS))).audiences()).containsExactly(ISS);
        assertThat(verifier.verify(es256(c -> c.audience(List.of(ISS)))).audiences()).containsExactly(ISS);
        assertThat(rejection(verifier, es256(c -> c.audience(List.of(ISS, AUD))))).isEqualTo(Reason.CLAIMS);
        assertThat(rejection(verifier, es256(c -> c.audience(ISS + "/token")))).isEqualTo(Reason.CLAIMS);
    }

    @Test
    void whenExpiredThenRefusedBeyondTheSkewOnly() throws Exception {
        JwtVerifier verifier = accessTokens().build();
        Date iat = Date.from(NOW.minusSeconds(700));
        assertThat(verifier.verify(es256(c -> c.expirationTime(Date.from(NOW.minusSeconds(29))).issueTime(iat))))
                .isNotNull();
        assertThat(rejection(verifier, es256(c -> c.expirationTime(Date.from(NOW.minusSeconds(31))).issueTime(iat))))
                .isEqualTo(Reason.EXPIRED);
    }

    @Test
    void whenNotBeforeOrIssuedInTheFutureThenRefusedBeyondTheSkewOnly() throws Exception {
        JwtVerifier verifier = accessTokens().build();
        assertThat(verifier.verify(es256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(29)))))).isNotNull();
        assertThat(rejection(verifier, es256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(31))))))
                .isEqualTo(Reason.CLAIMS);
        assertThat(verifier.verify(es256(c -> c.issueTime(Date.from(NOW.plusSeconds(29)))))).isNotNull();
        assertThat(rejection(verifier, es256(c -> c.issueTime(Date.from(NOW.plusSeconds(31))))))
                .isEqualTo(Reason.CLAIMS);
    }

    @Test
    void whenTheCallersClockMovesThenTheVerdictFollowsIt() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        JwtVerifier verifier = accessTokens().clock(moving).build();
        String token = es256(c -> c);
        assertThat(verifier.verify(token)).isNotNull();
        now.set(NOW.plusSeconds(631));
        assertThat(rejection(verifier, token)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void whenTimesIgnoredThenAnExpiredTokenPasses() throws Exception {
        JwtVerifier verifier = accessTokens().ignoreTimes().build();
        String old = es256(c -> c.expirationTime(Date.from(NOW.minusSeconds(86_400)))
                .issueTime(Date.from(NOW.minusSeconds(90_000))).notBeforeTime(Date.from(NOW.plusSeconds(3600))));
        assertThat(verifier.verify(old).subject()).isEqualTo("account-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "jti", "exp", "iat"})
    void whenARequiredClaimIsMissingThenRefused(String claim) throws Exception {
        String token = es256(c -> c.claim(claim, null));
        assertThat(rejection(accessTokens().build(), token)).isEqualTo(Reason.CLAIMS);
    }

    @Test
    void whenAClaimHasTheWrongTypeThenRefused() throws Exception {
        assertThat(rejection(accessTokens().build(), es256(c -> c.claim("client_id", 42))))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void whenNonCanonicalSpellingThenMalformed() throws Exception {
        String token = es256(c -> c);
        String[] p = token.split("\\.");
        JwtVerifier verifier = accessTokens().build();
        for (String variant : List.of(token + "=", token + "~", p[0] + "=." + p[1] + "." + p[2], token + ".AAAA",
                token + ".", " " + token, token + "\n", p[0] + "." + p[1] + "." + p[2] + "+")) {
            assertThat(rejection(verifier, variant)).as(variant).isEqualTo(Reason.MALFORMED);
        }
        assertThat(rejection(accessTokens().maxLength(token.length() - 1).build(), token)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void whenAClaimIsNotAsciiThenItIsReadAsUtf8() throws Exception {
        VerifiedToken t = accessTokens().build().verify(es256(c -> c.claim("name", "홍길동 ✓")));
        assertThat(t.claims().getStringClaim("name")).isEqualTo("홍길동 ✓");
    }

    @Test
    void whenThePayloadIsNotAJsonObjectThenMalformed() throws Exception {
        String token = es256(c -> c);
        int first = token.indexOf('.');
        String notJson = Base64.getUrlEncoder().withoutPadding().encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8));
        assertThat(rejection(accessTokens().build(), token.substring(0, first + 1) + notJson
                + token.substring(token.lastIndexOf('.')))).isEqualTo(Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zero", "order"})
    void whenAnEcdsaScalarIsZeroOrTheGroupOrderThenRefusedWithLowSOffToo(String scalar) throws Exception {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 verified on some JDKs; r or s = n is as illegal.
        String token = es256(c -> c);
        byte[] rs = new byte[64];
        if (scalar.equals("order")) {
            byte[] n = P256_N.toByteArray();
            System.arraycopy(n, n.length - 32, rs, 0, 32);
            System.arraycopy(n, n.length - 32, rs, 32, 32);
        }
        String forged = token.substring(0, token.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(rs);
        assertThat(rejection(accessTokens().build(), forged)).isEqualTo(Reason.SIGNATURE);
        assertThat(rejection(accessTokens().lowS(false).build(), forged)).isEqualTo(Reason.SIGNATURE);
    }

    @Test
    void whenHighSThenRefusedUnlessLowSIsOff() throws Exception {
        // A plain ECDSA signer (as the JDK gives it) emits a high s half of the time.
        String high = null;
        for (int i = 0; i < 64 && high == null; i++) {
            String t = sign(header(JWSAlgorithm.ES256, "ec-1").build(), claims().build(), new ECDSASigner(ec));
            high = isLowS(t) ? null : t;
        }
        assertThat(high).as("a high-s signature in 64 tries").isNotNull();
        assertThat(rejection(accessTokens().build(), high)).isEqualTo(Reason.SIGNATURE);
        // The control: it is a valid signature, refused only because it is the second spelling.
        assertThat(accessTokens().lowS(false).build().verify(high).subject()).isEqualTo("account-1");
        assertThat(isLowS(es256(c -> c))).isTrue();
    }

    @Test
    void whenInsufficientScopeThenRfc6750Code() throws Exception {
        VerifiedToken t = accessTokens().build().verify(es256(c -> c));
        assertThat(t.requireScope("openid")).isSameAs(t);
        assertThatThrownBy(() -> t.requireScope("admin")).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_SCOPE);
            assertThat(e.error()).isEqualTo("insufficient_scope");
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.description()).contains("admin");
        });
    }

    @Test
    void whenARegisteredKeyIsTooWeakOrUnfitThenItIsNoCandidate() throws Exception {
        RSAKey small = new RSAKeyGenerator(1024, true).keyID("small").generate();
        RSAKey encryption = new RSAKeyGenerator(2048).keyID("enc").keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)
                .generate();
        VerificationKeys keys = VerificationKeys.of(new JWKSet(List.<JWK>of(small.toPublicJWK(),
                encryption.toPublicJWK())));
        JwtVerifier verifier = JwtVerifier.builder(keys).issuer(ISS).clock(CLOCK).build();
        assertThat(rejection(verifier, sign(header(JWSAlgorithm.RS256, "small").build(), claims().build(),
                new RSASSASigner(small.toPrivateKey(), true)))).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(rejection(verifier, sign(header(JWSAlgorithm.RS256, "enc").build(), claims().build(),
                new RSASSASigner(encryption)))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void whenAWiderAllowListThenEs384AndPs256VerifyWithRegisteredKeys() throws Exception {
        // Client assertions (RFC 7523): RS, PS and ES families, the issuer as sole audience, either s.
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
        VerificationKeys registered = VerificationKeys.of(new JWKSet(List.<JWK>of(p384.toPublicJWK(),
                rsa.toPublicJWK())));
        JwtVerifier assertions = JwtVerifier.builder(registered).issuer("client-1").soleAudience(ISS)
                .algorithms(Set.of(JWSAlgorithm.ES384, JWSAlgorithm.PS256, JWSAlgorithm.RS256)).lowS(false)
                .requiredClaims("sub", "exp", "jti").clock(CLOCK).clockSkew(SKEW).tokenName("client assertion").build();
        JWTClaimsSet claims = claims().issuer("client-1").subject("client-1").audience(ISS).build();
        assertThat(assertions.verify(sign(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("p384").build(), claims,
                new ECDSASigner(p384))).subject()).isEqualTo("client-1");
        assertThat(assertions.verify(sign(new JWSHeader.Builder(JWSAlgorithm.PS256).build(), claims,
                new RSASSASigner(rsa))).subject()).isEqualTo("client-1");
        // ES384 named, but the key with that kid is P-256: no candidate.
        assertThat(rejection(JwtVerifier.builder(ourKeys()).issuer("client-1").algorithms(Set.of(JWSAlgorithm.ES384))
                .clock(CLOCK).build(), sign(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1").build(), claims,
                new ECDSASigner(p384)))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void whenNoKidThenEveryFittingKeyOfTheSourceIsTried() throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("other").generate();
        VerificationKeys keys = VerificationKeys.of(new JWKSet(List.<JWK>of(other.toPublicJWK(), ec.toPublicJWK())));
        JwtVerifier verifier = JwtVerifier.builder(keys).issuer(ISS).clock(CLOCK).build();
        assertThat(verifier.verify(sign(header(JWSAlgorithm.ES256, null).build(), claims().build(), ecSigner))
                .subject()).isEqualTo("account-1");
    }

    @Test
    void whenTheKeySourceChangesThenTheNextTokenSeesIt() throws Exception {
        // The seam: any source of prepared keys, read per token (a key ring after rotation, a refetched JWKS).
        AtomicReference<List<VerificationKey>> current = new AtomicReference<>(List.of());
        JwtVerifier verifier = JwtVerifier.builder(header -> current.get()).issuer(ISS).audience(AUD).type(AT_JWT)
                .clock(CLOCK).build();
        String token = es256(c -> c);
        assertThat(rejection(verifier, token)).isEqualTo(Reason.UNKNOWN_KEY);
        current.set(List.of(VerificationKey.of(ec)));
        assertThat(verifier.verify(token).subject()).isEqualTo("account-1");
        List<VerificationKey> none = new ArrayList<>();
        current.set(none);
        assertThat(rejection(verifier, token)).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void whenTheSourceFailsThenTheTokenIsNotAccepted() throws Exception {
        JwtVerifier verifier = JwtVerifier.builder(header -> {
            throw new com.nimbusds.jose.KeySourceException("JWKS unreachable");
        }).issuer(ISS).clock(CLOCK).build();
        assertThat(rejection(verifier, es256(c -> c))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    /** Whether the ES256 signature of {@code token} has the low {@code s} ({@code s <= n/2}). */
    private static boolean isLowS(String token) {
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        return new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)).compareTo(P256_N.shiftRight(1)) <= 0;
    }
}
