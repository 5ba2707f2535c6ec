package io.tokenbooth.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The key selector of {@link JwtVerifier}: the algorithm allow-list, then the {@link VerificationKeys} for the
 * header's {@code kid}, each candidate handed on with its prepared verifier. Thread-safe.
 */
final class KeySelection implements JWSKeySelector<SecurityContext> {
    private final VerificationKeys keys;
    private final Set<JWSAlgorithm> algorithms;
    private final boolean lowS;

    KeySelection(VerificationKeys keys, Set<JWSAlgorithm> algorithms, boolean lowS) {
        this.keys = keys;
        this.algorithms = algorithms;
        this.lowS = lowS;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!algorithms.contains(header.getAlgorithm())) {
            return List.of();
        }
        List<VerificationKey> candidates = keys.candidates(header);
        if (candidates.size() == 1) {
            VerificationKey k = candidates.get(0);
            return k.accepts(header.getAlgorithm()) ? List.of(k.prepared(lowS)) : List.of();
        }
        List<Key> out = new ArrayList<>(candidates.size());
        for (VerificationKey k : candidates) {
            if (k.accepts(header.getAlgorithm())) {
                out.add(k.prepared(lowS));
            }
        }
        return out;
    }

    /**
     * Hands out the verifier each selected key carries; builds nothing per call (Nimbus's default factory converts
     * and constructs a verifier for every token). A key that was not prepared by {@link KeySelection} is refused.
     */
    static final class PreparedVerifiers implements JWSVerifierFactory {
        private final JCAContext jca = new JCAContext();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (key instanceof VerificationKey.Prepared p) {
                return p.verifier();
            }
            throw new JOSEException("not a prepared verification key");
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return VerificationKey.ALGORITHMS;
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }
}
