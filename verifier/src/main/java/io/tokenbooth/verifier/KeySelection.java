package io.tokenbooth.verifier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The keys of {@link JwtVerifier}: the algorithm allow-list, then the {@link VerificationKeys} for the header's
 * {@code kid}, keeping the candidates that accept the header's algorithm (RFC 7517 §4.2, §4.4). Keys are only ever
 * taken from the source; {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} headers are never followed.
 * Thread-safe.
 */
final class KeySelection {
    private final VerificationKeys keys;
    private final Set<JWSAlgorithm> algorithms;

    KeySelection(VerificationKeys keys, Set<JWSAlgorithm> algorithms) {
        this.keys = keys;
        this.algorithms = algorithms;
    }

    /** The keys that may verify a JWS with {@code header}, each with its prepared verifier; empty when none. */
    List<VerificationKey> select(JWSHeader header) throws KeySourceException {
        JWSAlgorithm alg = header.getAlgorithm();
        if (!algorithms.contains(alg)) {
            return List.of();
        }
        List<VerificationKey> candidates = keys.candidates(header);
        if (candidates.size() == 1) {
            return candidates.get(0).accepts(alg) ? candidates : List.of();
        }
        List<VerificationKey> out = new ArrayList<>(candidates.size());
        for (VerificationKey k : candidates) {
            if (k.accepts(alg)) {
                out.add(k);
            }
        }
        return out;
    }
}
