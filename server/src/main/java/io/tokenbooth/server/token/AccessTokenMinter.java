package io.tokenbooth.server.token;

import com.nimbusds.jose.JOSEObjectType;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.PresetHeaderSigner;
import io.tokenbooth.server.keys.SigningKey;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.token.status.StatusIndex;
import io.tokenbooth.server.token.status.StatusIndexAllocator;
import io.tokenbooth.verifier.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Signs JWT access tokens per RFC 9068: header {@code typ: at+jwt}, claims {@code iss, sub, aud, exp, iat, jti,
 * client_id, scope}, and {@code status} (draft-ietf-oauth-status-list §6.1): the token's own index in a Token Status
 * List, from this node's block ({@link StatusIndexAllocator}), so revocation flips its bit. The one minter every grant
 * and the first-party API use. Thread-safe.
 */
public final class AccessTokenMinter {
    /** RFC 9068 §2.1 media type, as the JOSE {@code typ} header. */
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    /**
     * The claim that marks a client's own token, and its value (the name Auth0 uses; our value is the RFC 6749
     * {@code grant_type}). Set by the minter from the grant, never from anything the client sends (RFC 9700 §4.15).
     */
    public static final String GRANT_TYPE_CLAIM = VerifiedToken.GRANT_TYPE_CLAIM;
    public static final String CLIENT_CREDENTIALS = VerifiedToken.CLIENT_CREDENTIALS;

    private final KeyService keys;
    private final Clock clock;
    private final String issuer;
    private final String algorithm;
    private final Duration ttl;
    private final StatusIndexAllocator statuses;
    private volatile PresetHeaderSigner signer;

    /**
     * A token about to be minted: when it is issued, when it expires and its status index, known before it is signed
     * so that a refresh family can record the index in the transaction that starts or rotates it.
     */
    public record Slot(Instant issuedAt, Instant expiresAt, StatusIndex status) {
        /** The same slot expiring no later than {@code ttl} after issue (its status list still covers it). */
        public Slot shortenedTo(Duration ttl) {
            Instant end = issuedAt.plus(ttl);
            return end.isBefore(expiresAt) ? new Slot(issuedAt, end, status) : this;
        }
    }

    public AccessTokenMinter(KeyService keys, Clock clock, String issuer, String algorithm, Duration ttl,
                             StatusIndexAllocator statuses) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.algorithm = algorithm;
        this.ttl = ttl;
        this.statuses = statuses;
    }

    public IssuedAccessToken mint(AccessTokenRequest request) {
        return mint(request, ttl);
    }

    /** Mints with a lifetime other than the default, e.g. a client's own access-token lifetime. */
    public IssuedAccessToken mint(AccessTokenRequest request, Duration ttl) {
        return mint(request, reserve(ttl));
    }

    /** Reserves a token's times and status index, to be minted with {@link #mint(AccessTokenRequest, Slot)}. */
    public Slot reserve(Duration ttl) {
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        return new Slot(now, exp, statuses.next(exp));
    }

    /**
     * Gives back the status index of {@code slot}, reserved but never minted nor recorded (a refused refresh), for the
     * next token; at most once per slot ({@link StatusIndexAllocator#release}).
     */
    public void release(Slot slot) {
        statuses.release(slot.status());
    }

    /** Mints the token of {@code slot}. */
    public IssuedAccessToken mint(AccessTokenRequest request, Slot slot) {
        Instant now = slot.issuedAt();
        SigningKey key = keys.ring().signingKey(algorithm, now)
                .orElseThrow(() -> OAuthException.serverError("no active " + algorithm + " signing key"));
        Instant exp = slot.expiresAt();
        String jti = UUID.randomUUID().toString();
        byte[] claims = AccessTokenClaims.json(issuer, request, now, exp, jti, slot.status());
        return new IssuedAccessToken(signerFor(key).sign(claims), jti, exp,
                Duration.between(now, exp).toSeconds(), slot.status());
    }

    /** The signer of the current key, its header encoded once per key (keys change on rotation only). */
    private PresetHeaderSigner signerFor(SigningKey key) {
        PresetHeaderSigner signer = this.signer;
        if (signer == null || signer.key() != key) {
            signer = new PresetHeaderSigner(key, AT_JWT);
            this.signer = signer;
        }
        return signer;
    }

    public Duration ttl() {
        return ttl;
    }
}
