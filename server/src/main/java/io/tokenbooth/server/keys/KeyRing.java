package io.tokenbooth.server.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of the signing keys, with the published JWKS pre-rendered. A retired key stays published for
 * {@code publishGrace} (the longest token lifetime plus clock skew), so every token it signed can still be verified.
 */
public final class KeyRing {
    private final List<SigningKey> keys;
    private final Map<String, SigningKey> published;
    private final byte[] jwksJson;
    /** Racy but safe: an immutable value, recomputed by whichever thread finds it stale. */
    private volatile Choice lastChoice;

    KeyRing(List<SigningKey> keys, Instant now, Duration publishGrace) {
        this.keys = List.copyOf(keys);
        this.published = keys.stream()
                .filter(k -> k.retiredAt() == null || k.retiredAt().plus(publishGrace).isAfter(now))
                .collect(Collectors.toUnmodifiableMap(SigningKey::kid, Function.identity(), (a, b) -> a));
        List<JWK> publicKeys = published.values().stream()
                .sorted(Comparator.comparing(SigningKey::createdAt).reversed().thenComparing(SigningKey::kid))
                .map(SigningKey::publicJwk).toList();
        this.jwksJson = new JWKSet(publicKeys).toString(true).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The key to sign with for {@code alg} at {@code now}: the most recently activated key whose signing window holds
     * {@code now}. If another node retired every key before this one reloaded, the most recently activated (still
     * published) key is used until the next reload.
     */
    public Optional<SigningKey> signingKey(String alg, Instant now) {
        Choice last = lastChoice;
        if (last != null && last.holds(alg, now)) {
            return last.key();
        }
        Optional<SigningKey> key = choose(alg, now);
        // The choice is a step function of now: it can change only where a key of the ring activates or retires.
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (SigningKey k : keys) {
            for (Instant edge : new Instant[] {k.activatesAt(), k.retiredAt()}) {
                if (edge == null) {
                    continue;
                }
                if (edge.isAfter(now)) {
                    until = edge.isBefore(until) ? edge : until;
                } else {
                    from = edge.isAfter(from) ? edge : from;
                }
            }
        }
        lastChoice = new Choice(alg, from, until, key);
        return key;
    }

    /**
     * The last answer of {@link #signingKey} and the span of time, between two activations or retirements, over which
     * it stays the answer: every access token asks, and choosing anew took streams and a sort (issue 11 profiles).
     */
    private record Choice(String alg, Instant from, Instant until, Optional<SigningKey> key) {
        boolean holds(String alg, Instant now) {
            return this.alg.equals(alg) && !now.isBefore(from) && now.isBefore(until);
        }
    }

    private Optional<SigningKey> choose(String alg, Instant now) {
        Comparator<SigningKey> newest = Comparator.comparing(SigningKey::activatesAt).thenComparing(SigningKey::kid);
        List<SigningKey> activated = keys.stream()
                .filter(k -> k.alg().equals(alg) && !k.activatesAt().isAfter(now) && published.containsKey(k.kid()))
                .toList();
        return activated.stream().filter(k -> k.signsAt(now)).max(newest)
                .or(() -> activated.stream().max(newest));
    }

    /** A published key by id; unknown or no-longer-published ids are absent. */
    public Optional<SigningKey> published(String kid) {
        return Optional.ofNullable(kid == null ? null : published.get(kid));
    }

    /** The JWKS document (public keys only), as UTF-8 JSON. */
    public byte[] jwksJson() {
        return jwksJson.clone();
    }

    byte[] jwksJsonShared() {
        return jwksJson;
    }

    public List<SigningKey> all() {
        return keys;
    }
}
