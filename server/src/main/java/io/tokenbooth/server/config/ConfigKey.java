package io.tokenbooth.server.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its name in {@code tokenbooth.yml} (dotted for nested maps), its default, and its meaning.
 * The environment variable is {@code TOKENBOOTH_} followed by the name in upper case with dots and dashes as
 * underscores, so {@code tokens.access-ttl} is {@code TOKENBOOTH_TOKENS_ACCESS_TTL}.
 */
public record ConfigKey(String name, String defaultValue, String description) {

    public String envName() {
        return "TOKENBOOTH_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every key Tokenbooth reads. docs/configuration.md mirrors this list. */
    public static final List<ConfigKey> ALL = List.of(
            new ConfigKey("port", "8080", "TCP port the HTTP server listens on (0 picks a free port)."),
            new ConfigKey("host", "127.0.0.1", "Interface the HTTP server binds to; 0.0.0.0 for all."),
            new ConfigKey("issuer", "", "Issuer URL put in `iss` and discovery; default http://127.0.0.1:PORT."),
            new ConfigKey("data", "./data", "Data folder: embedded database, generated master key."),
            new ConfigKey("db", "", "JDBC URL; default the embedded H2 database in the data folder."),
            new ConfigKey("db-user", "", "Database user, when not in the JDBC URL."),
            new ConfigKey("db-password", "", "Database password, when not in the JDBC URL."),
            new ConfigKey("db-pool-size", "10", "Maximum connections in the pool (1-200)."),
            new ConfigKey("db-h2-cache-mib", "16", "Page cache of the embedded H2 database in MiB (1-4096), held in the "
                    + "heap; only without `db` (a db URL sets H2's CACHE_SIZE itself, in KiB)."),
            new ConfigKey("db-statement-timeout", "30s", "A statement running longer is cancelled and the request answered 503 "
                    + "with Retry-After (1s-1h; 0 leaves it to the database). Migrations are exempt."),
            new ConfigKey("db-lock-timeout", "10s", "A statement waiting longer for a row or table lock is cancelled and the "
                    + "request answered 503 with Retry-After (100ms-1h; 0 leaves it to the database; the wait counts toward db-statement-timeout too)."),
            new ConfigKey("master-key", "", "Base64 of 32 bytes that encrypts private signing keys at rest (AES-256-GCM). "
                    + "Required with a shared database; generated into DATA/master.key for the embedded one."),
            new ConfigKey("http.max-body-bytes", "16384", "Largest request body accepted; larger gets 413."),
            new ConfigKey("http.trust-forwarded-for", "false", "Take the client address from the last X-Forwarded-For entry (only behind a proxy you run)."),
            new ConfigKey("http.header-timeout", "10s", "A request's line and headers must arrive within this time of its first byte, else the connection is closed (1s-5m)."),
            new ConfigKey("http.idle-timeout", "30s", "A connection with no bytes in either direction for this long is closed (1s-1h)."),
            new ConfigKey("tokens.access-ttl", "10m", "Access token lifetime (30s-24h)."),
            new ConfigKey("tokens.refresh-idle-ttl", "14d", "A refresh token unused this long expires."),
            new ConfigKey("tokens.refresh-absolute-ttl", "30d", "A refresh token family ends this long after login, used or not."),
            new ConfigKey("tokens.refresh-reuse-grace", "10s", "A refresh token presented again by its client this soon after "
                    + "it was spent gets the same new refresh token instead of revoking its family (0-60s; 0 disables)."),
            new ConfigKey("tokens.algorithm", "ES256", "Access token signing algorithm: ES256, RS256 or EdDSA."),
            new ConfigKey("tokens.audience", "", "`aud` of first-party access tokens; default the issuer URL."),
            new ConfigKey("tokens.clock-skew", "30s", "Tolerance for exp/nbf/iat when verifying tokens (0-5m)."),
            new ConfigKey("keys.activation-delay", "5m", "`keys rotate` publishes the new key at once and signs with it after this delay."),
            new ConfigKey("keys.refresh-interval", "30s", "How often a node reloads the key set from the database."),
            new ConfigKey("keys.check-interval", "1s", "How often a node checks the database for a changed key set and reloads it if so: a rotation with `--delay 0s` takes effect on every node within this (100ms-1m)."),
            new ConfigKey("cors.origins", "", "Comma-separated browser origins allowed to call the API, e.g. https://app.example.com."),
            new ConfigKey("rate-limit.login-per-ip", "30", "Password attempts per minute from one source (an address; an IPv6 /64), login API and sign-in form together (0 disables)."),
            new ConfigKey("rate-limit.signup-per-ip", "10", "Sign-ups per minute from one source (an address; an IPv6 /64) (0 disables)."),
            new ConfigKey("rate-limit.refresh-per-ip", "600", "Refreshes per minute from one source (an address; an IPv6 /64) (0 disables)."),
            new ConfigKey("rate-limit.authorize-per-ip", "60", "Authorization requests per minute from one source (an address; an IPv6 /64) that show a sign-in or consent page, each kept server-side until answered or expired; past it a 429 page (0 disables)."),
            new ConfigKey("rate-limit.account-free-failures", "5", "Failed logins for one username from one source before that source waits, progressively."),
            new ConfigKey("rate-limit.account-base-delay", "1s", "First delay after the free failures (per source, and per username); doubles with each further failure."),
            new ConfigKey("rate-limit.account-max-delay", "15m", "Longest delay between login attempts for one username (per source, and per username)."),
            new ConfigKey("rate-limit.username-free-failures", "20", "Failed logins for one username from all sources together (each source adding at most account-free-failures) before sources not known to it wait too."),
            new ConfigKey("rate-limit.known-source-ttl", "30d", "How long a source that signed in to a username stays exempt from that username's delay."),
            new ConfigKey("passwords.argon2-memory-kib", "19456", "Argon2id memory cost in KiB (OWASP: 19456 = 19 MiB)."),
            new ConfigKey("passwords.argon2-iterations", "2", "Argon2id time cost."),
            new ConfigKey("passwords.argon2-parallelism", "1", "Argon2id lanes."),
            new ConfigKey("passwords.hash-threads", "0", "Threads that hash passwords; 0 means one per CPU core, but no more than half the maximum heap"
                    + " holds at argon2-memory-kib each (at least one)."),
            new ConfigKey("passwords.hash-queue", "64", "Hash jobs that may wait; past this the server answers 503 with Retry-After."),
            new ConfigKey("oauth.code-ttl", "60s", "Authorization code lifetime (1s-60s); a code is single-use."),
            new ConfigKey("oauth.id-token-ttl", "15m", "OpenID Connect ID token lifetime (1m-24h)."),
            new ConfigKey("oauth.id-token-algorithm", "RS256", "ID token signing algorithm: RS256 (OpenID Connect's default), ES256 or EdDSA."),
            new ConfigKey("oauth.pending-request-ttl", "10m", "How long an authorization request waits server-side for the user (sign-in, consent): the pages' lifetime (1m-1h)."),
            new ConfigKey("oauth.deny-list-refresh", "2s", "How often a node reloads revoked access-token ids from the database (1s-1m)."),
            new ConfigKey("status-list.ttl", "1s", "`ttl` of Status List Tokens and their `Cache-Control: max-age`: how long a resource server or CDN may keep a fetched list, so a revocation reaches them within about this plus their poll (1s-10m)."),
            new ConfigKey("status-list.lifetime", "10m", "`exp` of Status List Tokens: how long a copy may be trusted while the issuer cannot be reached (1m-24h; at least twice status-list.ttl)."),
            new ConfigKey("status-list.window", "1h", "New tokens go to a new status list every window (aligned to the epoch, UTC); a list is deleted once every token it covers has expired (10m-24h)."),
            new ConfigKey("status-list.block-size", "1024", "Status list indices a node reserves per database write; a stopped node's unused ones are lost (64-65536)."),
            new ConfigKey("status-list.capacity", "1048576", "Indices per status list at most, then a new list starts: 1 bit each in every node's memory (65536-16777216)."),
            new ConfigKey("status-list.poll-interval", "500ms", "How often a node reads the lists' versions: a revocation made on another node is served here within this (100ms-10s)."),
            new ConfigKey("sso.idle-ttl", "30m", "A browser sign-in (SSO session) unused this long ends."),
            new ConfigKey("sso.absolute-ttl", "10h", "A browser sign-in ends this long after the login, used or not."),
            new ConfigKey("admin.token", "", "Bearer credential for the admin API under /admin/api/v1 (at least 32 characters); "
                    + "empty disables the admin API."),
            new ConfigKey("crypto.provider", "auto", "auto: Amazon Corretto Crypto Provider where it loads, else the JDK; jdk: the JDK only.")
    );
}
