package io.tokenbooth.examples.wallet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a wallet runs. Immutable.
 *
 * @param host          the address to listen on (default 127.0.0.1)
 * @param port          the port (default 8081; 0 picks a free one)
 * @param issuer        the Tokenbooth issuer URL, exactly as in its tokens' {@code iss}
 * @param clientId      the browser app's OAuth client id (default {@code wallet-web})
 * @param audience      the wallet API's resource indicator, its tokens' {@code aud} (default
 *                      {@code http://127.0.0.1:<port>}, the wallet's own origin)
 * @param dataDir       the folder of the embedded H2 database (default {@code ./wallet-data})
 * @param jdbcUrl       a database URL instead (PostgreSQL), or empty for the embedded one
 * @param keyRetention  how long an Idempotency-Key is remembered (default 24 hours)
 * @param statusPoll    how often the verifier polls the status lists of the tokens it has seen (default 1 s)
 * @param maxStatusStaleness past this age of the status data, tokens are refused (default 30 s)
 * @param postLogoutRedirectUri where Tokenbooth sends the browser after the app's logout (handed to the app in
 *                      {@code /config.json}; registered on its client); empty: the wallet's own origin + {@code /}
 */
public record WalletSettings(String host, int port, String issuer, String clientId, String audience, Path dataDir,
                             Optional<String> jdbcUrl, Duration keyRetention, Duration statusPoll,
                             Duration maxStatusStaleness, Optional<String> postLogoutRedirectUri) {
    public static final Duration DEFAULT_KEY_RETENTION = Duration.ofHours(24);
    public static final Duration DEFAULT_STATUS_POLL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_STATUS_STALENESS = Duration.ofSeconds(30);

    /** The defaults for everything but where it listens, whom it trusts and where its data is. */
    public static WalletSettings of(String host, int port, String issuer, String clientId, String audience,
                                    Path dataDir, Optional<String> jdbcUrl) {
        return new WalletSettings(host, port, issuer, clientId, audience, dataDir, jdbcUrl, DEFAULT_KEY_RETENTION,
                DEFAULT_STATUS_POLL, DEFAULT_MAX_STATUS_STALENESS, Optional.empty());
    }

    /** The same settings with other status-list timings. */
    public WalletSettings withStatus(Duration poll, Duration maxStaleness) {
        return new WalletSettings(host, port, issuer, clientId, audience, dataDir, jdbcUrl, keyRetention, poll,
                maxStaleness, postLogoutRedirectUri);
    }

    /** The same settings with another post-logout redirect URI (empty: the wallet's own origin + {@code /}). */
    public WalletSettings withPostLogoutRedirectUri(Optional<String> uri) {
        return new WalletSettings(host, port, issuer, clientId, audience, dataDir, jdbcUrl, keyRetention, statusPoll,
                maxStatusStaleness, uri);
    }

    /**
     * The post-logout redirect URI the app is given: the one set, else {@code http://<host>:<port>/} of the port the
     * wallet listens on ({@code 127.0.0.1} when it listens on every address), the origin {@code docs/wallet.md}
     * registers.
     */
    public String postLogoutRedirectUri(int listeningPort) {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return postLogoutRedirectUri.orElse("http://" + h + ":" + listeningPort + "/");
    }

    public WalletSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0 to 65535");
        }
        if (issuer == null || !(issuer.startsWith("http://") || issuer.startsWith("https://"))) {
            throw new IllegalArgumentException("--issuer must be an http(s) URL");
        }
        if (audience == null || audience.isEmpty()) {
            throw new IllegalArgumentException("--audience must not be empty");
        }
        if (postLogoutRedirectUri.isPresent() && !postLogoutRedirectUri.get().matches("https?://\\S+")) {
            throw new IllegalArgumentException("--post-logout-redirect-uri must be an http(s) URL");
        }
    }
}
