package io.tokenbooth.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * EdDSA (Ed25519, RFC 8037) signing and verification through the JCA, so that the JDK or Amazon Corretto Crypto
 * Provider does the work. Nimbus's own Ed25519 classes need Google Tink, which we do not ship. The verifier serves
 * every {@link JwtVerifier} (so resource servers verify EdDSA without Tink too); the signer and the raw-key helpers
 * serve the authorization server's key generation and signing.
 */
public final class Ed25519Jca {
    // DER prefixes of an Ed25519 SubjectPublicKeyInfo and PKCS#8 PrivateKeyInfo (RFC 8410), followed by the raw 32 bytes.
    private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");
    private static final Set<JWSAlgorithm> ALGS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private Ed25519Jca() {
    }

    public static JWSSigner signer(OctetKeyPair okp) throws JOSEException {
        requireEd25519(okp);
        PrivateKey key = privateKey(okp.getDecodedD());
        return new Signer(key);
    }

    public static JWSVerifier verifier(OctetKeyPair okp) throws JOSEException {
        return verifier(publicKey(okp));
    }

    /** A verifier for a JCA Ed25519 public key (such as {@link #publicKey(OctetKeyPair)} returns). */
    static JWSVerifier verifier(PublicKey key) {
        return new Verifier(key);
    }

    /** The JCA public key of an Ed25519 JWK. */
    static PublicKey publicKey(OctetKeyPair okp) throws JOSEException {
        requireEd25519(okp);
        return publicKey(okp.getDecodedX());
    }

    /** The raw 32-byte public key from a JCA Ed25519 public key's X.509 encoding. */
    public static byte[] rawPublic(PublicKey key) {
        byte[] der = key.getEncoded();
        return java.util.Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    /** The raw 32-byte seed from a JCA Ed25519 private key's PKCS#8 encoding. */
    public static byte[] rawPrivate(PrivateKey key) {
        byte[] der = key.getEncoded();
        return java.util.Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    private static void requireEd25519(OctetKeyPair okp) throws JOSEException {
        if (!Curve.Ed25519.equals(okp.getCurve())) {
            throw new JOSEException("only Ed25519 is supported for EdDSA");
        }
    }

    private static PrivateKey privateKey(byte[] seed) throws JOSEException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("invalid Ed25519 private key", e);
        }
    }

    private static PublicKey publicKey(byte[] x) throws JOSEException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, x)));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("invalid Ed25519 public key", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    private record Signer(PrivateKey key) implements JWSSigner {
        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(key);
                s.update(signingInput);
                return Base64URL.encode(s.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed", e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ALGS;
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }

    private record Verifier(PublicKey key) implements JWSVerifier {
        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            if (!ALGS.contains(header.getAlgorithm())) {
                return false;
            }
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(signingInput);
                return s.verify(signature.decode());
            } catch (java.security.SignatureException e) {
                return false;
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 verification failed", e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ALGS;
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }
}
