package io.tokenbooth.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.client.FirstPartyClient;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.SigningKey;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.AccessTokenRequest;
import io.tokenbooth.server.token.AccessTokenVerifier;
import io.tokenbooth.verifier.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
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
 * Signing and verifying an RFC 9068 access token as the server does it, per algorithm and JCA provider.
 *
 * <ul>
 * <li>{@code mint}: {@link AccessTokenMinter#mint} (key lookup, claims, JSON, signature, serialisation) — the
 *     signing cost on every login and refresh;</li>
 * <li>{@code verify}: {@link AccessTokenVerifier#verify} (parse, key lookup, signature, claim checks) — what
 *     {@code /api/v1/me} pays, and what a resource server pays per request;</li>
 * <li>{@code signOnly}, {@code verifyOnly}: the key's {@link JWSSigner} / {@link JWSVerifier} on the same
 *     signing input, i.e. the cryptography alone.</li>
 * </ul>
 * Keys come from the server's own {@link KeyService} (its key generator, sealing, JWK parsing and signer
 * construction; EdDSA through its JCA adapter) on an in-memory key store. JMH runs every parameter combination in
 * its own fork, and {@link Providers#use} installs (or proves the absence of) Amazon Corretto Crypto Provider in it.
 * The GC is the server launcher's (Serial).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"})
public class TokenSigningBenchmark {
    static final String ISSUER = "https://auth.example.com";

    @Param({"ES256", "RS256", "EdDSA"})
    public String alg;

    @Param({"jdk", "accp"})
    public String provider;

    private KeyService keys;
    private AccessTokenMinter minter;
    private AccessTokenVerifier verifier;
    private AccessTokenRequest request;
    private String token;
    private JWSSigner signer;
    private JWSVerifier jwsVerifier;
    private JWSHeader header;
    private byte[] signingInput;
    private Base64URL signature;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String providers = Providers.use(provider);
        Clock clock = Clock.systemUTC();
        Duration ttl = Duration.ofMinutes(10);
        Duration skew = Duration.ofSeconds(30);
        keys = InMemorySigningKeyStore.startedKeyService(alg, clock, ttl.plus(skew));
        minter = new AccessTokenMinter(keys, clock, ISSUER, alg, ttl, InMemoryStatusListStore.allocator(clock));
        verifier = new AccessTokenVerifier(keys, clock, ISSUER, ISSUER, skew);
        // What the first-party API puts in every access token: account id, client, scope, audience.
        request = new AccessTokenRequest(UUID.randomUUID().toString(), FirstPartyClient.ID, FirstPartyClient.SCOPE,
                List.of(ISSUER));
        token = minter.mint(request).value();
        VerifiedToken checked = verifier.verify(token);
        if (!checked.subject().equals(request.subject())) {
            throw new IllegalStateException("the minted token does not verify");
        }

        SignedJWT parsed = SignedJWT.parse(token);
        SigningKey key = keys.ring().published(parsed.getHeader().getKeyID()).orElseThrow();
        signer = key.signer();
        jwsVerifier = key.verifier();
        header = parsed.getHeader();
        signingInput = parsed.getSigningInput();
        signature = parsed.getSignature();
        if (!jwsVerifier.verify(header, signingInput, signer.sign(header, signingInput))) {
            throw new IllegalStateException("sign/verify round trip failed");
        }
        System.out.println();
        System.out.println("[" + alg + "/" + provider + "] " + providers + "; token " + token.length() + " chars: "
                + new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8)
                + " " + parsed.getPayload());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        keys.close();
    }

    @Benchmark
    public String mint() {
        return minter.mint(request).value();
    }

    @Benchmark
    public VerifiedToken verify() {
        return verifier.verify(token);
    }

    @Benchmark
    public Base64URL signOnly() throws JOSEException {
        return signer.sign(header, signingInput);
    }

    @Benchmark
    public boolean verifyOnly() throws JOSEException {
        return jwsVerifier.verify(header, signingInput, signature);
    }
}
