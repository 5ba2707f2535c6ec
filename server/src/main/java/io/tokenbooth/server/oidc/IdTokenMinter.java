package io.tokenbooth.server.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tokenbooth.server.authn.Acr;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.SigningKey;
import io.tokenbooth.server.oauth.OAuthException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Signs OpenID Connect ID tokens (OIDC Core §2, §3.1.3.6) with the {@code oauth.id-token-algorithm} key (RS256 by
 * default, as OIDC requires every provider to support); header {@code typ: JWT} and {@code kid}, never {@code none}.
 * Claims: {@code iss}, {@code sub}, {@code aud} = [client id], {@code azp}, {@code exp}, {@code iat},
 * {@code auth_time}, {@code nonce} (when the authorization request had one), {@code acr}, {@code amr} and
 * {@code at_hash}. Thread-safe.
 */
public final class IdTokenMinter {
    /**
     * The {@code acr} of every ID token: "1", a single-factor (password) authentication, in the ISO/IEC 29115 level
     * numbering OIDC Core §2 refers to ("0" would mean not even that). Published as {@code acr_values_supported}.
     */
    public static final String ACR = Acr.SINGLE_FACTOR;

    private final KeyService keys;
    private final Clock clock;
    private final String issuer;
    private final String algorithm;
    private final Duration ttl;

    public IdTokenMinter(KeyService keys, Clock clock, String issuer, String algorithm, Duration ttl) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.algorithm = algorithm;
        this.ttl = ttl;
    }

    /**
     * What an ID token says.
     *
     * @param authTime when the user authenticated; absent only for families created before it was recorded
     * @param nonce the authorization request's nonce; never repeated in ID tokens from a refresh (OIDC Core §12.2)
     * @param accessToken the access token issued with it, for {@code at_hash}
     */
    public record Request(String subject, String clientId, Optional<Instant> authTime, Optional<String> nonce,
                          List<String> amr, String accessToken) {
        public Request {
            amr = List.copyOf(amr);
        }
    }

    public String mint(Request r) {
        Instant now = clock.instant();
        SigningKey key = keys.ring().signingKey(algorithm, now)
                .orElseThrow(() -> OAuthException.serverError("no active " + algorithm + " signing key for ID tokens"));
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(r.subject())
                .audience(List.of(r.clientId()))
                .claim("azp", r.clientId())
                .expirationTime(Date.from(now.plus(ttl)))
                .issueTime(Date.from(now))
                .claim("acr", ACR)
                .claim("at_hash", atHash(r.accessToken(), key.alg()));
        r.authTime().ifPresent(t -> claims.claim("auth_time", t.getEpochSecond()));
        r.nonce().ifPresent(n -> claims.claim("nonce", n));
        if (!r.amr().isEmpty()) {
            claims.claim("amr", r.amr());
        }
        return key.sign(JOSEObjectType.JWT, claims.build());
    }

    public String algorithm() {
        return algorithm;
    }

    /**
     * OIDC Core §3.1.3.6: the base64url of the left half of the hash of the access token's ASCII octets, with the
     * hash of the ID token's algorithm: SHA-256 for RS256, PS256 and ES256; SHA-512 for EdDSA (Ed25519).
     */
    static String atHash(String accessToken, String alg) {
        String hash = switch (alg) {
            case "EdDSA", "RS512", "PS512", "ES512" -> "SHA-512";
            case "RS384", "PS384", "ES384" -> "SHA-384";
            default -> "SHA-256";
        };
        try {
            byte[] digest = MessageDigest.getInstance(hash).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is unavailable", e);
        }
    }
}
