package io.tokenbooth.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds JWTs by hand (unsigned, HMAC) or with Nimbus and any signer and header, for attack tests. */
final class Jwts {
    private Jwts() {
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String utf8) {
        return b64(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code header.payload.} with an empty signature, the header JSON exactly as given. */
    static String unsigned(String headerJson, JWTClaimsSet claims) {
        return b64(headerJson) + "." + b64(claims.toString()) + ".";
    }

    /** HS256/384/512 over {@code header.payload} with {@code secret} as the HMAC key, computed by hand. */
    static String hmac(String alg, String headerJson, JWTClaimsSet claims, byte[] secret) {
        String input = b64(headerJson) + "." + b64(claims.toString());
        String jca = "HmacSHA" + alg.substring(2);
        try {
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(secret, jca));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWS with exactly {@code header}, signed by {@code signer}. */
    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
