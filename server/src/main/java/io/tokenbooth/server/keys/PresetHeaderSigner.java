package io.tokenbooth.server.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs JSON payloads as compact JWS (RFC 7515 §7.1) with one key under one header ({@code alg}, {@code kid},
 * {@code typ}, as {@link SigningKey#sign}), the header encoded once: the access-token path mints with the same key
 * and header thousands of times a second, and Nimbus would serialize and encode the header, then the claims through
 * its own JSON writer, for each token (issue 11 profiles). Thread-safe (immutable; the key's signer is).
 */
public final class PresetHeaderSigner {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private final SigningKey key;
    private final JWSHeader header;
    private final byte[] encodedHeader;

    public PresetHeaderSigner(SigningKey key, JOSEObjectType type) {
        this.key = key;
        this.header = key.header(type);
        this.encodedHeader = header.toBase64URL().toString().getBytes(StandardCharsets.US_ASCII);
    }

    public SigningKey key() {
        return key;
    }

    /** The compact JWS of {@code payloadJson} (a JSON object, UTF-8). */
    public String sign(byte[] payloadJson) {
        byte[] payload = BASE64URL.encode(payloadJson);
        byte[] signingInput = Arrays.copyOf(encodedHeader, encodedHeader.length + 1 + payload.length);
        signingInput[encodedHeader.length] = '.';
        System.arraycopy(payload, 0, signingInput, encodedHeader.length + 1, payload.length);
        try {
            String signature = key.signer().sign(header, signingInput).toString();
            return new String(signingInput, StandardCharsets.US_ASCII) + '.' + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with " + key.alg() + " key " + key.kid() + " failed", e);
        }
    }
}
