package io.tokenbooth.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.client.FirstPartyClient;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.SigningKey;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.AccessTokenRequest;
import io.tokenbooth.server.token.AccessTokenVerifier;
import io.tokenbooth.verifier.CompactJws;
import io.tokenbooth.verifier.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The verification path of introspection, {@code /api/v1/me} and UserInfo after issue 15 (canonical form, low-s
 * ES256, a cache keyed by the signing input), against the path before it, in the same fork:
 *
 * <ul>
 * <li>{@code cachedHit}: {@link AccessTokenVerifier#verifyAnyAudienceRemembering} on a remembered token (canonical
 *     check, signing-input key, signature comparison, key and expiry checks) — what introspection pays per repeat;</li>
 * <li>{@code cachedHitBefore}: the hit path as it was (a Caffeine cache keyed by the raw token string, size-bounded
 *     only; key and expiry checks), reproduced here since the old class no longer exists;</li>
 * <li>{@code uncached}: {@link AccessTokenVerifier#verifyAnyAudience} (canonical check, parse, key lookup,
 *     low-s check, signature, claims) — {@code /api/v1/me}, UserInfo and an introspection cache miss;</li>
 * <li>{@code canonicalCheck}: {@link CompactJws#isCanonical} alone;</li>
 * <li>{@code uncachedNimbusDefaults}: the same rules composed from Nimbus's stock parts only
 *     ({@link JWSVerificationKeySelector} over an {@link ImmutableJWKSet}, {@link DefaultJWSVerifierFactory}, which
 *     converts the JWK and builds a verifier for every token) — what the verifier module's prepared keys avoid;</li>
 * <li>{@code signatureLowS} / {@code signaturePlain}: the key's verifier (low-s check, then Nimbus's
 *     {@link ECDSAVerifier}) against a plain {@link ECDSAVerifier}, as before, on the same input.</li>
 * </ul>
 * The uncached path's cost before the change is {@code uncached} minus {@code canonicalCheck} minus the difference
 * of the two signature methods. Every method but the signature ones gets the token as a new string, as a request
 * does. ES256 (the default) only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"})
public class TokenVerificationBenchmark {
    static final String ISSUER = "https://auth.example.com";

    @Param({"accp"})
    public String provider;

    private KeyService keys;
    private AccessTokenVerifier verifier;
    private String token;
    private byte[] tokenBytes;
    private Clock clock;
    private Duration skew;
    private JWSHeader header;
    private byte[] signingInput;
    private Base64URL signature;
    private JWSVerifier lowS;
    private JWSVerifier plain;
    private DefaultJWTProcessor<SecurityContext> nimbusDefaults;
    /** The cache as it was before issue 15: raw token string to (token, kid), bounded by size only. */
    private final Cache<String, Before> before = Caffeine.newBuilder().maximumSize(10_000).build();

    private record Before(VerifiedToken token, String kid) {
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        System.out.println();
        System.out.println("[" + provider + "] " + Providers.use(provider));
        clock = Clock.systemUTC();
        skew = Duration.ofSeconds(30);
        Duration ttl = Duration.ofMinutes(10);
        keys = InMemorySigningKeyStore.startedKeyService("ES256", clock, ttl.plus(skew));
        AccessTokenMinter minter = new AccessTokenMinter(keys, clock, ISSUER, "ES256", ttl,
                InMemoryStatusListStore.allocator(clock));
        verifier = new AccessTokenVerifier(keys, clock, ISSUER, ISSUER, skew);
        token = minter.mint(new AccessTokenRequest(UUID.randomUUID().toString(), FirstPartyClient.ID,
                FirstPartyClient.SCOPE, List.of(ISSUER))).value();
        tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        SignedJWT parsed = SignedJWT.parse(token);
        SigningKey key = keys.ring().published(parsed.getHeader().getKeyID()).orElseThrow();
        header = parsed.getHeader();
        signingInput = parsed.getSigningInput();
        signature = parsed.getSignature();
        lowS = key.verifier();
        plain = new ECDSAVerifier(key.publicJwk().toECKey());
        if (!lowS.verify(header, signingInput, signature) || !plain.verify(header, signingInput, signature)) {
            throw new IllegalStateException("the minted token does not verify");
        }
        nimbusDefaults = new DefaultJWTProcessor<>();
        nimbusDefaults.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AccessTokenMinter.AT_JWT));
        nimbusDefaults.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(new JWKSet(key.publicJwk()))));
        nimbusDefaults.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(ISSUER, null,
                java.util.Set.of("sub", "jti", "exp", "iat")));
        uncachedNimbusDefaults();
        verifier.verifyAnyAudienceRemembering(token);
        cachedHitBefore();
        if (before.estimatedSize() != 1 || verifier.rememberedCount() != 1) {
            throw new IllegalStateException("the caches do not hold the token");
        }
    }

    /**
     * The token as a new string, as each HTTP request brings it: a string's hash is cached in the instance, so reusing
     * one would hide the cost of hashing the key.
     */
    private String fresh() {
        return new String(tokenBytes, StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        keys.close();
    }

    @Benchmark
    public VerifiedToken cachedHit() {
        return verifier.verifyAnyAudienceRemembering(fresh());
    }

    @Benchmark
    public VerifiedToken cachedHitBefore() {
        String token = fresh();
        Before r = before.getIfPresent(token);
        if (r != null && keys.ring().published(r.kid()).isPresent()
                && r.token().expiresAt().plus(skew).isAfter(clock.instant())) {
            return r.token();
        }
        VerifiedToken verified = verifier.verifyAnyAudience(token);
        before.put(token, new Before(verified, header.getKeyID()));
        return verified;
    }

    @Benchmark
    public VerifiedToken uncached() {
        return verifier.verifyAnyAudience(fresh());
    }

    @Benchmark
    public JWTClaimsSet uncachedNimbusDefaults() throws Exception {
        return nimbusDefaults.process(SignedJWT.parse(fresh()), null);
    }

    @Benchmark
    public boolean canonicalCheck() {
        return CompactJws.isCanonical(fresh(), 8192);
    }

    @Benchmark
    public boolean signatureLowS() throws JOSEException {
        return lowS.verify(header, signingInput, signature);
    }

    @Benchmark
    public boolean signaturePlain() throws JOSEException {
        return plain.verify(header, signingInput, signature);
    }
}
