package io.tokenbooth.bench;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.SignatureSpi;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link VerifierComparisonBenchmark} with the signature check taken out: what each library adds around it (parsing,
 * claim checks, key lookup, the objects it builds). After the token is signed and every verifier has accepted it, a
 * JCA provider is put first whose {@code SHA256withECDSA}, {@code SHA256withECDSAinP1363Format} and
 * {@code SHA256withRSA} accept any signature without
 * computing anything; every library asks the JCA for those by name on every call, so each still does all of its
 * own work (base64, JSON, the JOSE-to-DER transcoding of ECDSA, the low-{@code s} check) and only the
 * provider's arithmetic is gone. A token never seen costs about this plus the same SunEC or SunRsaSign check, which
 * all five call the same way, so these figures show who adds less. Never put such a provider in a real JVM.
 */
public class VerifierOverheadBenchmark extends VerifierComparisonBenchmark {
    private static final String NAME = "TokenboothBenchNoSignature";

    @Override
    @Setup
    public void setUp() throws Exception {
        super.setUp();
        Security.insertProviderAt(new NoSignature(), 1);
        verifyAll(); // each still accepts, now with the no-op check
    }

    @Override
    @TearDown
    public void tearDown() {
        Security.removeProvider(NAME);
        super.tearDown();
    }

    /** Signatures that verify without computing: the benchmark's JVM only. */
    private static final class NoSignature extends Provider {
        private static final long serialVersionUID = 1L;

        NoSignature() {
            super(NAME, "1", "accepts every signature (benchmark only)");
            put("Signature.SHA256withECDSA", Accept.class.getName());
            put("Signature.SHA256withRSA", Accept.class.getName());
            // Tokenbooth's verifier asks for the JOSE (P1363) form of ECDSA by this name.
            put("Signature.SHA256withECDSAinP1363Format", Accept.class.getName());
        }
    }

    /** A signature check that reads its input and accepts. */
    public static final class Accept extends SignatureSpi {
        @Override
        protected void engineInitVerify(PublicKey publicKey) {
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) {
            throw new UnsupportedOperationException("verification only");
        }

        @Override
        protected void engineUpdate(byte b) {
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
        }

        @Override
        protected byte[] engineSign() {
            throw new UnsupportedOperationException("verification only");
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) {
            return true;
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            return null;
        }
    }
}
