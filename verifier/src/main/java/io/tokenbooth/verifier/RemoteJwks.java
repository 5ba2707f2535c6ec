package io.tokenbooth.verifier;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A remote JWKS as a {@link VerificationKeys}: fetched from the issuer's {@code jwks_uri}, each fetched set prepared
 * once ({@link VerificationKeys#of}) and kept. A {@code kid} it does not know makes it fetch again, so a key the
 * issuer has just rotated in is picked up, but at most once per {@code minInterval}: a flood of forged {@code kid}s
 * costs the issuer one fetch per interval, and misses that arrive while a fetch is under way wait for that fetch
 * rather than start their own. A failed fetch keeps the keys it has (signatures still verify while the issuer is
 * down). Thread-safe; reads take no lock.
 */
final class RemoteJwks implements VerificationKeys {
    private final IssuerHttp http;
    private final URI uri;
    private final long minIntervalNanos;
    private final LongSupplier nanoTime;
    private final Object fetchLock = new Object();
    private final AtomicLong fetches = new AtomicLong();
    /** The prepared keys of the last good fetch; null before the first. */
    private volatile VerificationKeys current;
    private long lastAttempt; // guarded by fetchLock
    private boolean attempted; // guarded by fetchLock

    RemoteJwks(IssuerHttp http, URI uri, java.time.Duration minInterval, LongSupplier nanoTime) {
        this.http = http;
        this.uri = uri;
        this.minIntervalNanos = minInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public List<VerificationKey> candidates(JWSHeader header) throws KeySourceException {
        VerificationKeys seen = current;
        if (seen != null) {
            List<VerificationKey> found = seen.candidates(header);
            if (!found.isEmpty()) {
                return found;
            }
        }
        VerificationKeys fresh = refresh(seen, false);
        if (fresh == null) {
            throw new KeySourceException("the issuer's JWKS could not be fetched from " + uri);
        }
        return fresh == seen ? List.of() : fresh.candidates(header);
    }

    /**
     * Fetches the set again unless a fetch that started after this call replaced {@code seen} meanwhile (then its
     * result is shared) or a fetch was attempted less than the minimum interval ago; {@code force} (the scheduler's periodic refresh)
     * fetches in any case. Returns the current keys.
     */
    VerificationKeys refresh(VerificationKeys seen, boolean force) {
        long missedAt = nanoTime.getAsLong();
        synchronized (fetchLock) {
            if (!force && current != seen && lastAttempt - missedAt >= 0) {
                return current; // a fetch that started after this miss: it has what the issuer publishes now
            }
            long now = nanoTime.getAsLong();
            if (!force && attempted && now - lastAttempt < minIntervalNanos) {
                return current;
            }
            attempted = true;
            lastAttempt = now;
            try {
                current = load();
            } catch (IOException | ParseException e) {
                // Keep what we have: signatures by known keys still verify while the issuer is unreachable.
            }
            return current;
        }
    }

    private VerificationKeys load() throws IOException, ParseException {
        fetches.incrementAndGet();
        IssuerHttp.Answer a = http.get(uri, "application/jwk-set+json, application/json", null);
        if (a.status() != 200) {
            throw new IOException(uri + " answered " + a.status());
        }
        return VerificationKeys.of(JWKSet.parse(a.body()));
    }

    /** How many fetches were started (for diagnostics). */
    long fetches() {
        return fetches.get();
    }
}
