package io.tokenbooth.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link JwtVerifier} gets its keys: the pluggable part of the one verification path. The authorization
 * server feeds its key ring ({@code kid} → its published key); client authentication feeds a client's registered
 * JWK set ({@link #of(JWKSet)}); the resource-server library feeds a remote JWKS ({@link RemoteJwks}: fetched and
 * cached, refetched on an unknown {@code kid} at a bounded rate), each fetched set prepared once with
 * {@link #of(JWKSet)}. Everything else — the algorithm allow-list, {@code typ}, claims, the
 * canonical form, low {@code s} — is the same code whichever source it is. Keys are only ever taken from the
 * source: {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} headers are never followed. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface VerificationKeys {

    /**
     * The keys that may have signed a JWS with {@code header}, whose algorithm the verifier already allows: the key
     * with the header's {@code kid}, or when it has none, every key of the source that accepts the algorithm. Empty
     * when none; KeySourceException when the source cannot answer now (a remote JWKS that is down).
     */
    List<VerificationKey> candidates(JWSHeader header) throws KeySourceException;

    /**
     * A fixed set of keys, prepared once: those of {@code set} usable for signature verification (see
     * {@link VerificationKey#of}); the others are left out, as if absent.
     */
    static VerificationKeys of(JWKSet set) {
        List<VerificationKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            try {
                keys.add(VerificationKey.of(jwk));
            } catch (JOSEException e) {
                // Unusable (too small, another kind of key): never a candidate.
            }
        }
        List<VerificationKey> prepared = List.copyOf(keys);
        return header -> {
            String kid = header.getKeyID();
            List<VerificationKey> out = new ArrayList<>(1);
            for (VerificationKey k : prepared) {
                if ((kid == null || kid.equals(k.kid())) && k.accepts(header.getAlgorithm())) {
                    out.add(k);
                }
            }
            return out;
        };
    }
}
