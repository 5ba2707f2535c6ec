package io.tokenbooth.server.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.tokenbooth.verifier.Ed25519Jca;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/** Generates signing keys as JWKs whose {@code kid} is the RFC 7638 thumbprint. */
final class KeyGenerator {
    private KeyGenerator() {
    }

    static JWK generate(String alg) {
        try {
            JWK key = switch (alg) {
                case "ES256" -> new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyIDFromThumbprint(true).generate();
                case "RS256" -> new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .keyIDFromThumbprint(true).generate();
                case "EdDSA" -> ed25519();
                default -> throw new IllegalArgumentException("unsupported algorithm " + alg);
            };
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException("key generation failed for " + alg, e);
        }
    }

    private static JWK ed25519() throws JOSEException {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Ed25519Jca.rawPublic(pair.getPublic())))
                    .d(Base64URL.encode(Ed25519Jca.rawPrivate(pair.getPrivate())))
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.EdDSA).build();
            return new OctetKeyPair.Builder(okp).keyIDFromThumbprint().build();
        } catch (GeneralSecurityException e) {
            throw new JOSEException("Ed25519 is unavailable", e);
        }
    }
}
