package io.tokenbooth.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSProvider;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * One signature per ECDSA-signed message: if {@code (r, s)} is valid, so is {@code (r, n - s)} (ECDSA malleability,
 * as Bitcoin's BIP 62 and Ethereum's EIP-2 found). Our signer therefore always emits the low {@code s}
 * ({@code s <= n/2}), normalising what the JCA provider returns (neither the JDK nor ACCP normalises, so half of
 * their signatures are high), and our verifier refuses a high {@code s} before the signature check, so that a token
 * we issued has exactly one valid spelling. The signer signs on the JCA itself; the verifier wraps Nimbus's. Both are
 * thread-safe.
 *
 * <p>The signer and the verifier's rule live together so that the rule cannot drift: the authorization server signs
 * with {@link #es256Signer}, and every {@link JwtVerifier} with {@code lowS} on (the default) refuses by {@link #legal},
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

    /**
     * An ES256 signer of {@code key} (a P-256 key) that emits only the low {@code s}, straight on the JCA: the same
     * {@code SHA256withECDSA} of whichever provider the JCA picks (ACCP when installed first) as Nimbus's
     * {@code ECDSASigner}, without what Nimbus does around it per signature (a provider lookup, a key initialisation
     * and a new {@code SecureRandom}, then a Base64 round trip and a {@code BigInteger} here for the low {@code s}:
     * issue 11 profiles, a sixth of the signing time).
     */
    public static JWSSigner es256Signer(ECPrivateKey key) {
        return new JcaSigner(key);
    }

    /** Wraps an ECDSA verifier so that it refuses a high {@code s} before checking the signature. */
    public static JWSVerifier verifier(JWSVerifier ecdsa, BigInteger order) {
        return new Verifier(ecdsa, order);
    }

    /** What the verifier wrapper passes through unchanged: the algorithms and the JCA context of the Nimbus object. */
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

    /**
     * ES256 on the JCA. {@link Signature} objects are not thread-safe, and making one per signature costs a provider
     * lookup and a key initialisation; so signers initialised with the key wait in a small pool (a signature resets
     * its object to the initialised state). A burst beyond the pool makes more, and those past its size are dropped.
     *
     * <p>The JCA's choice of provider can change while the signer lives: the server installs ACCP first in the order
     * once it has loaded, on its own thread, after keys may have been read. So at most once a second a signature asks
     * the JCA which provider it would pick now, and pooled objects of another provider are dropped as they come out:
     * a signer built before the switch signs with the JDK's provider for at most a second after it.
     */
    private static final class JcaSigner implements JWSSigner {
        private static final int POOLED = 16;
        private static final String JCA_NAME = "SHA256withECDSA";
        private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
        private static final int LEN = 32;
        private static final long RECHECK_NANOS = 1_000_000_000L;
        private final ECPrivateKey key;
        private final byte[] order;
        private final byte[] halfOrder;
        private final JCAContext jca = new JCAContext();
        private final ArrayBlockingQueue<Signature> idle = new ArrayBlockingQueue<>(POOLED);
        /** The provider the JCA picked at the last check; pooled objects of another are not used. */
        private volatile Provider current;
        private volatile long checkedAt = System.nanoTime();

        JcaSigner(ECPrivateKey key) {
            BigInteger n = key.getParams().getOrder();
            if (scalarBytes(n) != LEN || n.bitLength() != 256) {
                throw new IllegalArgumentException("ES256 needs a P-256 key");
            }
            this.key = key;
            this.order = fixedLength(n, LEN);
            this.halfOrder = fixedLength(n.shiftRight(1), LEN);
            try {
                this.current = Signature.getInstance(JCA_NAME).getProvider();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no " + JCA_NAME + " provider", e);
            }
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                throw new JOSEException("this signer signs ES256 only, not " + header.getAlgorithm());
            }
            byte[] der;
            try {
                long now = System.nanoTime();
                if (now - checkedAt >= RECHECK_NANOS) {
                    checkedAt = now;
                    current = Signature.getInstance(JCA_NAME).getProvider();
                }
                Signature signature = idle.poll();
                if (signature == null || signature.getProvider() != current) {
                    signature = Signature.getInstance(JCA_NAME);
                    signature.initSign(key);
                }
                signature.update(signingInput);
                der = signature.sign();
                idle.offer(signature); // only after a signature that succeeded: its state is then the initial one
            } catch (GeneralSecurityException e) {
                throw new JOSEException("ES256 signing failed: " + e.getMessage(), e);
            }
            byte[] rs = ECDSA.transcodeSignatureToConcat(der, 2 * LEN);
            toLowS(rs, order, halfOrder);
            return new Base64URL(BASE64URL.encodeToString(rs)); // the JDK's encoder: Nimbus's showed in the profiles
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.ES256);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }

    /**
     * Replaces a high {@code s} in {@code rs} ({@code R || S}, each {@code order.length} bytes, {@code s < n}) by
     * {@code n - s}, subtracting in place on the unsigned big-endian bytes.
     */
    static void toLowS(byte[] rs, byte[] order, byte[] halfOrder) {
        int len = order.length;
        if (Arrays.compareUnsigned(rs, len, 2 * len, halfOrder, 0, len) <= 0) {
            return;
        }
        int borrow = 0;
        for (int i = len - 1; i >= 0; i--) {
            int d = (order[i] & 0xff) - (rs[len + i] & 0xff) - borrow;
            borrow = d < 0 ? 1 : 0;
            rs[len + i] = (byte) d;
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
