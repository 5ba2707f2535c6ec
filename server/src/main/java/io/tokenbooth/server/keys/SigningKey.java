package io.tokenbooth.server.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.time.Instant;

/**
 * A decrypted signing key with its ready-made signer and verifier (both thread-safe). Published from
 * {@code createdAt}, used for signing from {@code activatesAt} until {@code retiredAt}.
 */
public record SigningKey(String kid, String alg, JWK privateJwk, JWSSigner signer, JWSVerifier verifier,
                         Instant createdAt, Instant activatesAt, Instant retiredAt) {

    static SigningKey of(JWK jwk, String alg, Instant createdAt, Instant activatesAt, Instant retiredAt) {
        try {
            JWSSigner signer;
            JWSVerifier verifier;
            switch (alg) {
                case "ES256" -> {
                    signer = new ECDSASigner(jwk.toECKey());
                    verifier = new ECDSAVerifier(jwk.toECKey().toPublicJWK());
                }
                case "RS256" -> {
                    signer = new RSASSASigner(jwk.toRSAKey());
                    verifier = new RSASSAVerifier(jwk.toRSAKey().toPublicJWK());
                }
                case "EdDSA" -> {
                    signer = Ed25519Jca.signer((OctetKeyPair) jwk);
                    verifier = Ed25519Jca.verifier((OctetKeyPair) jwk);
                }
                default -> throw new IllegalArgumentException("unsupported algorithm " + alg);
            }
            return new SigningKey(jwk.getKeyID(), alg, jwk, signer, verifier, createdAt, activatesAt, retiredAt);
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable " + alg + " key " + jwk.getKeyID(), e);
        }
    }

    public JWK publicJwk() {
        return privateJwk.toPublicJWK();
    }

    boolean signsAt(Instant now) {
        return !activatesAt.isAfter(now) && (retiredAt == null || retiredAt.isAfter(now));
    }

    SigningKey withRetiredAt(Instant retired) {
        return new SigningKey(kid, alg, privateJwk, signer, verifier, createdAt, activatesAt, retired);
    }
}
