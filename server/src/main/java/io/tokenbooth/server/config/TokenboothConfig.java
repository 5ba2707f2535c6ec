package io.tokenbooth.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole validated configuration, immutable, grouped by area. Built by {@link ConfigLoader}; every field's default
 * and meaning is in {@link ConfigKey#ALL}.
 */
public record TokenboothConfig(
        Http http,
        Database database,
        Tokens tokens,
        Keys keys,
        Cors cors,
        RateLimits rateLimits,
        Passwords passwords,
        OAuth oauth,
        StatusLists statusLists,
        Optional<String> adminToken,
        String cryptoProvider) {

    public record Http(String host, int port, Optional<String> issuer, long maxBodyBytes, boolean trustForwardedFor,
                       Duration headerTimeout, Duration idleTimeout) {
        /** The same settings on another port (the one actually bound). */
        public Http withPort(int boundPort) {
            return new Http(host, boundPort, issuer, maxBodyBytes, trustForwardedFor, headerTimeout, idleTimeout);
        }
    }

    /**
     * {@code url} empty means the embedded H2 database inside {@code dataDir}. A zero {@code statementTimeout} or
     * {@code lockTimeout} is not set by Tokenbooth: the database's own setting applies.
     */
    /**
     * @param h2CacheMib the embedded H2 database's page cache in MiB (its {@code CACHE_SIZE}); used only when
     *                   {@code url} is empty (an explicit URL carries its own settings)
     */
    public record Database(Path dataDir, Optional<String> url, Optional<String> user, Optional<String> password,
                           int poolSize, Optional<String> masterKey, Duration statementTimeout, Duration lockTimeout,
                           int h2CacheMib) {
        /** H2's own default page cache (16 MiB): docs/decisions.md, "Issue 11: H2's page cache stays 16 MiB". */
        public static final int DEFAULT_H2_CACHE_MIB = 16;

        /** Both timeouts left to the database: for code that needs only the URL or the master key. */
        public Database(Path dataDir, Optional<String> url, Optional<String> user, Optional<String> password,
                        int poolSize, Optional<String> masterKey) {
            this(dataDir, url, user, password, poolSize, masterKey, Duration.ZERO, Duration.ZERO, DEFAULT_H2_CACHE_MIB);
        }

        public boolean embedded() {
            return url.isEmpty() || url.get().startsWith("jdbc:h2:file:") || url.get().startsWith("jdbc:h2:mem:");
        }
    }

    public record Tokens(Duration accessTtl, Duration refreshIdleTtl, Duration refreshAbsoluteTtl, String algorithm,
                         Optional<String> audience, Duration clockSkew, Duration refreshReuseGrace) {
    }

    public record Keys(Duration activationDelay, Duration refreshInterval, Duration checkInterval) {
    }

    public record Cors(List<String> origins) {
    }

    public record RateLimits(int loginPerIp, int signupPerIp, int refreshPerIp, int accountFreeFailures,
                             Duration accountBaseDelay, Duration accountMaxDelay, int usernameFreeFailures,
                             Duration knownSourceTtl, int authorizePerIp) {
    }

    public record Passwords(int argon2MemoryKib, int argon2Iterations, int argon2Parallelism, int hashThreads,
                            int hashQueue) {
    }

    /** The OAuth / OpenID Connect provider's settings. */
    public record OAuth(Duration codeTtl, Duration idTokenTtl, String idTokenAlgorithm, Duration denyListRefresh,
                        Duration ssoIdleTtl, Duration ssoAbsoluteTtl, Duration pendingRequestTtl) {
    }

    /**
     * Token Status Lists (issue 7): the Status List Token's {@code ttl} (also its {@code Cache-Control} max-age) and
     * {@code exp} lifetime, the rollover window, the indices reserved per database write, the indices per list, and
     * how often a node polls the lists' versions.
     */
    public record StatusLists(Duration ttl, Duration lifetime, Duration window, int blockSize, int capacity,
                              Duration pollInterval) {
    }

    /** The issuer URL: configured, or derived from the bound port. */
    public String issuerFor(int boundPort) {
        return http.issuer().orElse("http://127.0.0.1:" + boundPort);
    }

    public String audienceFor(String issuer) {
        return tokens.audience().orElse(issuer);
    }

    /** Defaults only, for tests and tools. */
    public static TokenboothConfig defaults() {
        return ConfigLoader.load(java.util.Map.of(), java.util.Map.of(), Optional.empty());
    }
}
