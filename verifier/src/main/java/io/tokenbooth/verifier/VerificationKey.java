package io.tokenbooth.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Set;

/**
 * A public key ready to verify signatures: converted from its JWK and given its Nimbus (or JCA, for Ed25519)
 * verifier once, when the key source loads it, not on every token (Nimbus's {@code DefaultJWSVerifierFactory} would
 * convert and build per call). ECDSA keys carry two verifiers, plain and low-{@code s} only ({@link EcdsaLowS}).
 * Keys too weak or of a kind no allowed algorithm uses are refused here: RSA below 2048 bits (RFC 7518 §3.3),
 * curves other than P-256, P-384, P-521 and Ed25519. Immutable and thread-safe.
 */
public final class VerificationKey {
    private static final int MIN_RSA_BITS = 2048;
    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Map<Curve, JWSAlgorithm> EC = Map.of(Curve.P_256, JWSAlgorithm.ES256,
            Curve.P_384, JWSAlgorithm.ES384, Curve.P_521, JWSAlgorithm.ES512);
    private static final Set<JWSAlgorithm> ED25519 = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final JWK jwk;
    private final Set<JWSAlgorithm> algorithms;
    private final JWSVerifier plain;
    private final JWSVerifier lowS;
    private final SignatureCheck check;

    private VerificationKey(JWK jwk, Set<JWSAlgorithm> algorithms, JWSVerifier plain, JWSVerifier lowS,
                            PublicKey key) {
        this.jwk = jwk;
        this.algorithms = algorithms;
        this.plain = plain;
        this.lowS = lowS;
        this.check = SignatureCheck.of(key);
    }

    /** Prepares {@code jwk} (its public part); JOSEException when it is unusable for signature verification. */
    public static VerificationKey of(JWK jwk) throws JOSEException {
        JWK pub = jwk.toPublicJWK();
        if (pub instanceof RSAKey rsa) {
            if (rsa.size() < MIN_RSA_BITS) {
                throw new JOSEException("RSA keys must have at least " + MIN_RSA_BITS + " bits");
            }
            RSAPublicKey key = rsa.toRSAPublicKey();
            JWSVerifier v = new RSASSAVerifier(key);
            return new VerificationKey(pub, RSA, v, v, key);
        }
        if (pub instanceof ECKey ec && EC.containsKey(ec.getCurve())) {
            ECPublicKey key = ec.toECPublicKey();
            JWSVerifier verifier = new ECDSAVerifier(key);
            return new VerificationKey(pub, Set.of(EC.get(ec.getCurve())), verifier,
                    EcdsaLowS.verifier(verifier, key.getParams().getOrder()), key);
        }
        if (pub instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            PublicKey key = Ed25519Jca.publicKey(okp);
            JWSVerifier v = Ed25519Jca.verifier(key);
            return new VerificationKey(pub, ED25519, v, v, key);
        }
        throw new JOSEException("unsupported verification key: " + pub.getKeyType()
                + (pub instanceof ECKey ec ? " " + ec.getCurve() : ""));
    }

    /** The public JWK. */
    public JWK jwk() {
        return jwk;
    }

    /** The {@code kid}, or null when the JWK has none. */
    public String kid() {
        return jwk.getKeyID();
    }

    /**
     * Whether this key may verify {@code alg}: the key's type and curve fit it, and the JWK's own {@code alg} and
     * {@code use}, when present, allow it (RFC 7517 §4.2, §4.4).
     */
    public boolean accepts(JWSAlgorithm alg) {
        return algorithms.contains(alg) && (jwk.getAlgorithm() == null || jwk.getAlgorithm().equals(alg))
                && (jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse()));
    }

    /**
     * Whether {@code signature} (decoded) is a valid {@code alg} signature of {@code signingInput} by this key, which
     * {@link #accepts} {@code alg}; with {@code lowS}, an ECDSA signature with a high {@code s} does not verify. The
     * path of {@link JwtVerifier}: the same check as {@link #verifier}, on the JCA directly ({@link SignatureCheck}).
     */
    boolean verifies(JWSAlgorithm alg, boolean lowS, byte[] signingInput, byte[] signature)
            throws java.security.GeneralSecurityException {
        return check.verify(alg, lowS, signingInput, signature);
    }

    /** The Nimbus verifier; with {@code lowS}, an ECDSA signature with a high {@code s} does not verify. */
    public JWSVerifier verifier(boolean lowS) {
        return lowS ? this.lowS : plain;
    }
}
