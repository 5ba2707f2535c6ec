package io.tokenbooth.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ES256 signer on the JCA: valid, low-{@code s} signatures, from any number of threads at once. No server. */
class EcdsaLowSTest {
    /** The order of the P-256 group (FIPS 186-4 D.1.2.3). */
    private static final BigInteger N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final JWSHeader ES256 = new JWSHeader(JWSAlgorithm.ES256);

    private static ECKey key;
    private static JWSSigner signer;

    @BeforeAll
    static void key() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).generate();
        signer = EcdsaLowS.es256Signer(key.toECPrivateKey());
    }

    @Test
    void whenSigningManyTimesThenEverySignatureVerifiesAndHasALowS() throws Exception {
        ECDSAVerifier plain = new ECDSAVerifier(key.toECPublicKey());
        for (int i = 0; i < 200; i++) {
            byte[] input = ("message " + i).getBytes(StandardCharsets.US_ASCII);
            Base64URL signature = signer.sign(ES256, input);
            byte[] rs = signature.decode();
            assertThat(rs).hasSize(64);
            assertThat(new BigInteger(1, Arrays.copyOfRange(rs, 32, 64))).isLessThanOrEqualTo(N.shiftRight(1));
            assertThat(plain.verify(ES256, input, signature)).as("signature %d", i).isTrue();
        }
    }

    @Test
    void whenSignedFromManyThreadsAtOnceThenEverySignatureVerifies() throws Exception {
        ECDSAVerifier plain = new ECDSAVerifier(key.toECPublicKey());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] input = ("concurrent " + i).getBytes(StandardCharsets.US_ASCII);
                results.add(pool.submit(() -> plain.verify(ES256, input, signer.sign(ES256, input))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenSIsHighThenItBecomesTheGroupOrderMinusS() {
        byte[] order = EcdsaLowS.fixedLength(N, 32);
        byte[] half = EcdsaLowS.fixedLength(N.shiftRight(1), 32);
        Random random = new Random(11);
        List<BigInteger> cases = new ArrayList<>(List.of(BigInteger.ONE, N.shiftRight(1), N.shiftRight(1).add(BigInteger.ONE),
                N.subtract(BigInteger.ONE)));
        for (int i = 0; i < 500; i++) {
            cases.add(new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
        }
        for (BigInteger s : cases) {
            byte[] rs = new byte[64];
            Arrays.fill(rs, 0, 32, (byte) 0x5a);
            System.arraycopy(EcdsaLowS.fixedLength(s, 32), 0, rs, 32, 32);
            EcdsaLowS.toLowS(rs, order, half);
            BigInteger expected = s.compareTo(N.shiftRight(1)) <= 0 ? s : N.subtract(s);
            assertThat(new BigInteger(1, Arrays.copyOfRange(rs, 32, 64))).as("s = %s", s).isEqualTo(expected);
            assertThat(Arrays.copyOfRange(rs, 0, 32)).as("r untouched").containsOnly((byte) 0x5a);
        }
    }

    @Test
    void whenTheKeyIsNotP256ThenRefused() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
        assertThatThrownBy(() -> EcdsaLowS.es256Signer(p384.toECPrivateKey()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenTheHeaderNamesAnotherAlgorithmThenRefused() {
        assertThatThrownBy(() -> signer.sign(new JWSHeader(JWSAlgorithm.ES384), new byte[] {1}))
                .isInstanceOf(JOSEException.class);
    }
}
