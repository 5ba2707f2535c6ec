package io.tokenbooth.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSProvider;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;

/**
 * One signature per ECDSA-signed message: if {@code (r, s)} is valid, so is {@code (r, n - s)} (ECDSA malleability,
 * as Bitcoin's BIP 62 and Ethereum's EIP-2 found). Our signer therefore always emits the low {@code s}
 * ({@code s <= n/2}), normalising what the JCA provider returns (neither the JDK nor ACCP normalises, so half of
 * their signatures are high), and our verifier refuses a high {@code s} before the signature check, so that a token
 * we issued has exactly one valid spelling. Wraps Nimbus's ECDSA signer and verifier; thread-safe as they are.
 *
 * <p>The signer and the verifier's rule live together so that the rule cannot drift: the authorization server signs
 * with {@link #signer}, and every {@link JwtVerifier} with {@code lowS} on (the default) refuses by {@link #legal},
 * whether it checks on the JCA ({@code SignatureCheck}) or through Nimbus ({@link #verifier}).
 */
public final class EcdsaLowS {
    private EcdsaLowS() {
    }

    /** The scalar length in bytes of the JWS signature's {@code R} and {@code S} halves (RFC 7518 §3.4). */
    static int scalarBytes(BigInteger order) {
        return (order.bitLength() + 7) / 8;
    }

    /** {@code value} (non-negative, below the order) as exactly {@code len} unsigned big-endian bytes. */
    static byte[] fixedLength(BigInteger value, int len) {
        byte[] raw = value.toByteArray(); // at most one leading zero byte beyond len
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }

    /**
     * Whether {@code rs}, a JOSE-form ECDSA signature ({@code R || S}, RFC 7518 §3.4), has each half of the scalar
     * length ({@code order.length} bytes), {@code 0 < r, s < n} (CVE-2022-21449: a zero {@code r} and {@code s}
     * verified on some JDKs) and, with {@code lowS}, {@code s <= n/2}. {@code order} and {@code halfOrder} are
     * {@code n} and {@code n/2} as fixed-length unsigned big-endian bytes ({@link #fixedLength}).
     */
    static boolean legal(byte[] rs, byte[] order, byte[] halfOrder, boolean lowS) {
        int len = order.length;
        if (rs.length != 2 * len || isZero(rs, 0, len) || isZero(rs, len, 2 * len)
                || Arrays.compareUnsigned(rs, 0, len, order, 0, len) >= 0
                || Arrays.compareUnsigned(rs, len, 2 * len, order, 0, len) >= 0) {
            return false;
        }
        return !lowS || Arrays.compareUnsigned(rs, len, 2 * len, halfOrder, 0, len) <= 0;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        int acc = 0;
        for (int i = from; i < to; i++) {
            acc |= b[i];
        }
        return acc == 0;
    }

    /** Wraps an ECDSA signer so that it emits only the low {@code s}; {@code order} is the curve's group order. */
    public static JWSSigner signer(JWSSigner ecdsa, BigInteger order) {
        return new Signer(ecdsa, order);
    }

    /** Wraps an ECDSA verifier so that it refuses a high {@code s} before checking the signature. */
    public static JWSVerifier verifier(JWSVerifier ecdsa, BigInteger order) {
        return new Verifier(ecdsa, order);
    }

    /** What both wrappers pass through unchanged: the algorithms and the JCA context of the Nimbus object. */
    private abstract static class Wrapper implements JWSProvider {
        private final JWSProvider delegate;
        final int len;

        Wrapper(JWSProvider delegate, BigInteger order) {
            this.delegate = delegate;
            this.len = scalarBytes(order);
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return delegate.supportedJWSAlgorithms();
        }

        @Override
        public JCAContext getJCAContext() {
            return delegate.getJCAContext();
        }
    }

    private static final class Signer extends Wrapper implements JWSSigner {
        private final JWSSigner delegate;
        private final BigInteger order;

        Signer(JWSSigner delegate, BigInteger order) {
            super(delegate, order);
            this.delegate = delegate;
            this.order = order;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            Base64URL signature = delegate.sign(header, signingInput);
            byte[] rs = signature.decode();
            if (rs.length != 2 * len) {
                throw new JOSEException("unexpected ECDSA signature length " + rs.length);
            }
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, len, 2 * len));
            if (s.compareTo(order.shiftRight(1)) <= 0) {
                return signature;
            }
            System.arraycopy(fixedLength(order.subtract(s), len), 0, rs, len, len);
            return Base64URL.encode(rs);
        }
    }

    private static final class Verifier extends Wrapper implements JWSVerifier {
        private final JWSVerifier delegate;
        /** {@code n} and {@code n/2} as {@code len} unsigned big-endian bytes, compared without a BigInteger. */
        private final byte[] order;
        private final byte[] halfOrder;

        Verifier(JWSVerifier delegate, BigInteger order) {
            super(delegate, order);
            this.delegate = delegate;
            this.order = fixedLength(order, len);
            this.halfOrder = fixedLength(order.shiftRight(1), len);
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            return legal(signature.decode(), order, halfOrder, true) && delegate.verify(header, signingInput, signature);
        }
    }
}
