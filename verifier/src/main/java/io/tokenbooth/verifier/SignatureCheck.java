package io.tokenbooth.verifier;

import com.nimbusds.jose.JWSAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * One key's signature check over the decoded signature, straight on the JCA: what Nimbus's {@code RSASSAVerifier},
 * {@code ECDSAVerifier} and our Ed25519 verifier do, without their {@code Base64URL} decoding and, for ECDSA, without
 * the JOSE-to-DER transcoding: the JDK takes the JOSE form as it is ({@code SHA256withECDSAinP1363Format}, the
 * {@code R || S} of RFC 7518 §3.4). Whichever provider the JCA picks (SunEC, SunRsaSign, or ACCP when it is
 * installed first) does the arithmetic. ECDSA signatures are refused before that unless {@code 0 < r, s < n}
 * (CVE-2022-21449, as Nimbus checks) and, with low {@code s} required, unless {@code s <= n/2} ({@link EcdsaLowS}).
 * Immutable; thread-safe (a {@link Signature} is made per call: JCA objects are not).
 */
final class SignatureCheck {
    private final PublicKey key;
    /** ECDSA only: the group order and half of it as fixed-length bytes ({@link EcdsaLowS#legal}). */
    private final byte[] order;
    private final byte[] halfOrder;

    private SignatureCheck(PublicKey key, BigInteger ecOrder) {
        this.key = key;
        int scalarBytes = ecOrder == null ? 0 : EcdsaLowS.scalarBytes(ecOrder);
        this.order = ecOrder == null ? null : EcdsaLowS.fixedLength(ecOrder, scalarBytes);
        this.halfOrder = ecOrder == null ? null : EcdsaLowS.fixedLength(ecOrder.shiftRight(1), scalarBytes);
    }

    static SignatureCheck of(PublicKey key) {
        return new SignatureCheck(key, key instanceof ECPublicKey ec ? ec.getParams().getOrder() : null);
    }

    /**
     * Whether {@code signature} is {@code alg}'s signature of {@code signingInput} by this key; the caller has checked
     * that the key accepts {@code alg}. GeneralSecurityException when the provider cannot check it (then it does not
     * verify either).
     */
    boolean verify(JWSAlgorithm alg, boolean lowS, byte[] signingInput, byte[] signature)
            throws GeneralSecurityException {
        if (order != null && !EcdsaLowS.legal(signature, order, halfOrder, lowS)) {
            return false;
        }
        Signature s = signature(alg);
        s.initVerify(key);
        s.update(signingInput);
        return s.verify(signature);
    }

    /** The JCA signature object for {@code alg} (RFC 7518 §3.1 names; RFC 8037 §3.1 for EdDSA). */
    private static Signature signature(JWSAlgorithm alg) throws GeneralSecurityException {
        String name = alg.getName();
        return switch (name) {
            case "RS256" -> Signature.getInstance("SHA256withRSA");
            case "RS384" -> Signature.getInstance("SHA384withRSA");
            case "RS512" -> Signature.getInstance("SHA512withRSA");
            case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case "ES384" -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case "ES512" -> Signature.getInstance("SHA512withECDSAinP1363Format");
            case "PS256" -> pss("SHA-256", MGF1ParameterSpec.SHA256, 32);
            case "PS384" -> pss("SHA-384", MGF1ParameterSpec.SHA384, 48);
            case "PS512" -> pss("SHA-512", MGF1ParameterSpec.SHA512, 64);
            case "EdDSA", "Ed25519" -> Signature.getInstance("Ed25519");
            default -> throw new java.security.NoSuchAlgorithmException(name);
        };
    }

    /** RSASSA-PSS with MGF1 over the same hash and a salt of the hash's length (RFC 7518 §3.5). */
    private static Signature pss(String hash, MGF1ParameterSpec mgf, int saltBytes) throws GeneralSecurityException {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(hash, "MGF1", mgf, saltBytes, PSSParameterSpec.TRAILER_FIELD_BC));
        return s;
    }
}
