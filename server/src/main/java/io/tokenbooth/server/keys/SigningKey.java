package io.tokenbooth.server.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.verifier.EcdsaLowS;
import io.tokenbooth.verifier.Ed25519Jca;
import io.tokenbooth.verifier.VerificationKey;
import java.time.Instant;

/**
 * A decrypted signing key with its ready-made signer and its public key prepared for the verification path
 * ({@link VerificationKey}; both thread-safe). Published from {@code createdAt}, used for signing from
 * {@code activatesAt} until {@code retiredAt}.
 */
public record SigningKey(String kid, String alg, JWK privateJwk, JWSSigner signer, VerificationKey verificationKey,
                         Instant createdAt, Instant activatesAt, Instant retiredAt) {

    static SigningKey of(JWK jwk, String alg, Instant createdAt, Instant activatesAt, Instant retiredAt) {
        try {
            JWSSigner signer = switch (alg) {
                // Low s only, in both directions: one valid signature per token (see EcdsaLowS); the verifier side
                // is the verification path's (VerificationKey), which refuses a high s.
                case "ES256" -> EcdsaLowS.es256Signer(jwk.toECKey().toECPrivateKey());
                case "RS256" -> new RSASSASigner(jwk.toRSAKey());
                case "EdDSA" -> Ed25519Jca.signer((OctetKeyPair) jwk);
                default -> throw new IllegalArgumentException("unsupported algorithm " + alg);
            };
            return new SigningKey(jwk.getKeyID(), alg, jwk, signer, VerificationKey.of(jwk), createdAt, activatesAt,
                    retiredAt);
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable " + alg + " key " + jwk.getKeyID(), e);
        }
    }

    /**
     * Signs {@code claims} as a compact JWS with this key: {@code alg}, {@code kid}, and {@code typ} for explicit
     * typing (RFC 8725 §3.11), so that one kind of token cannot pass for another.
     */
    public String sign(JOSEObjectType type, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header(type), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with " + alg + " key " + kid + " failed", e);
        }
        return jwt.serialize();
    }

    /** The JWS header this key signs under: {@code alg}, {@code kid} and the explicit {@code typ}. */
    JWSHeader header(JOSEObjectType type) {
        return new JWSHeader.Builder(JWSAlgorithm.parse(alg)).type(type).keyID(kid).build();
    }

    /** This key's verifier as the verification path uses it (for ES256: low {@code s} only). */
    public JWSVerifier verifier() {
        return verificationKey.verifier(true);
    }

    public JWK publicJwk() {
        return privateJwk.toPublicJWK();
    }

    boolean signsAt(Instant now) {
        return !activatesAt.isAfter(now) && (retiredAt == null || retiredAt.isAfter(now));
    }

    SigningKey withRetiredAt(Instant retired) {
        return new SigningKey(kid, alg, privateJwk, signer, verificationKey, createdAt, activatesAt, retired);
    }
}
