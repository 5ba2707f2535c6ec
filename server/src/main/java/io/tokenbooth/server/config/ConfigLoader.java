package io.tokenbooth.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a {@link TokenboothConfig} from, in rising precedence: defaults, an optional {@code tokenbooth.yml},
 * {@code TOKENBOOTH_*} environment variables, and command-line flags. Unknown keys and bad values fail with a
 * {@link ConfigException} that names the key and the source it came from.
 */
public final class ConfigLoader {
    private static final Map<String, ConfigKey> KEYS = ConfigKey.ALL.stream()
            .collect(Collectors.toMap(ConfigKey::name, k -> k, (a, b) -> a, LinkedHashMap::new));
    private static final Set<String> ALGORITHMS = Set.of("ES256", "RS256", "EdDSA");

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> sources = new HashMap<>();

    private ConfigLoader() {
    }

    /**
     * @param flags   values from the command line, keyed by config key name
     * @param env     the process environment
     * @param ymlFile a YAML file to read, if present
     */
    public static TokenboothConfig load(Map<String, String> flags, Map<String, String> env, Optional<Path> ymlFile) {
        ConfigLoader loader = new ConfigLoader();
        KEYS.values().forEach(k -> loader.put(k.name(), k.defaultValue(), "default"));
        ymlFile.filter(Files::isRegularFile).ifPresent(loader::readYaml);
        for (ConfigKey key : KEYS.values()) {
            String v = env.get(key.envName());
            if (v != null) {
                loader.put(key.name(), v, "environment variable " + key.envName());
            }
        }
        flags.forEach((k, v) -> {
            if (!KEYS.containsKey(k)) {
                throw new ConfigException("unknown configuration key '" + k + "'");
            }
            loader.put(k, v, "command-line option");
        });
        return loader.build();
    }

    private void put(String key, String value, String source) {
        values.put(key, value);
        sources.put(key, source);
    }

    private void readYaml(Path file) {
        JsonNode root;
        try {
            // A repeated key would silently replace the first (a second "tokens:" block drops the first one's settings).
            root = new ObjectMapper(new YAMLFactory())
                    .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(file + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException(file + " must be a YAML mapping of keys to values");
        }
        flatten("", root, file);
    }

    private void flatten(String prefix, JsonNode node, Path file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key, v, file);
            } else if (!KEYS.containsKey(key)) {
                throw new ConfigException("unknown configuration key '" + key + "' in " + file);
            } else if (v.isArray()) {
                List<String> items = new java.util.ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                put(key, String.join(",", items), file.toString());
            } else {
                put(key, v.isNull() ? "" : v.asText(), file.toString());
            }
        }
    }

    private TokenboothConfig build() {
        var http = new TokenboothConfig.Http(
                string("host"),
                integer("port", 0, 65535),
                optionalUrl("issuer"),
                integer("http.max-body-bytes", 1024, 10 * 1024 * 1024),
                bool("http.trust-forwarded-for"),
                duration("http.header-timeout", Duration.ofSeconds(1), Duration.ofMinutes(5)),
                duration("http.idle-timeout", Duration.ofSeconds(1), Duration.ofHours(1)));
        var database = new TokenboothConfig.Database(
                Path.of(string("data")),
                optionalJdbc("db"),
                optional("db-user"),
                optional("db-password"),
                integer("db-pool-size", 1, 200),
                optionalMasterKey("master-key"),
                durationOrZero("db-statement-timeout", Duration.ofSeconds(1), Duration.ofHours(1)),
                durationOrZero("db-lock-timeout", Duration.ofMillis(100), Duration.ofHours(1)),
                integer("db-h2-cache-mib", 1, 4096));
        if (database.url().isPresent() && !"default".equals(sources.get("db-h2-cache-mib"))) {
            // Names where db came from, never its value: a URL may carry a password.
            throw invalid("db-h2-cache-mib", "applies to the embedded database only; with the db URL (from "
                    + sources.get("db") + ") put H2's CACHE_SIZE (in KiB) in the URL");
        }
        String alg = string("tokens.algorithm");
        if (!ALGORITHMS.contains(alg)) {
            throw invalid("tokens.algorithm", "must be one of " + ALGORITHMS);
        }
        var tokens = new TokenboothConfig.Tokens(
                duration("tokens.access-ttl", Duration.ofSeconds(30), Duration.ofHours(24)),
                duration("tokens.refresh-idle-ttl", Duration.ofMinutes(1), Duration.ofDays(365)),
                duration("tokens.refresh-absolute-ttl", Duration.ofMinutes(1), Duration.ofDays(365)),
                alg,
                optional("tokens.audience"),
                duration("tokens.clock-skew", Duration.ZERO, Duration.ofMinutes(5)),
                duration("tokens.refresh-reuse-grace", Duration.ZERO, Duration.ofSeconds(60)));
        if (tokens.refreshIdleTtl().compareTo(tokens.refreshAbsoluteTtl()) > 0) {
            throw invalid("tokens.refresh-idle-ttl", "must not be longer than " + other("tokens.refresh-absolute-ttl"));
        }
        var keys = new TokenboothConfig.Keys(
                duration("keys.activation-delay", Duration.ZERO, Duration.ofDays(7)),
                duration("keys.refresh-interval", Duration.ofSeconds(1), Duration.ofHours(1)),
                duration("keys.check-interval", Duration.ofMillis(100), Duration.ofMinutes(1)));
        var cors = new TokenboothConfig.Cors(origins("cors.origins"));
        var rates = new TokenboothConfig.RateLimits(
                integer("rate-limit.login-per-ip", 0, 1_000_000),
                integer("rate-limit.signup-per-ip", 0, 1_000_000),
                integer("rate-limit.refresh-per-ip", 0, 1_000_000),
                integer("rate-limit.account-free-failures", 1, 1000),
                duration("rate-limit.account-base-delay", Duration.ofMillis(100), Duration.ofHours(1)),
                duration("rate-limit.account-max-delay", Duration.ofSeconds(1), Duration.ofDays(1)),
                integer("rate-limit.username-free-failures", 1, 100_000),
                duration("rate-limit.known-source-ttl", Duration.ofMinutes(1), Duration.ofDays(400)),
                integer("rate-limit.authorize-per-ip", 0, 1_000_000));
        var passwords = new TokenboothConfig.Passwords(
                integer("passwords.argon2-memory-kib", 8, 4 * 1024 * 1024),
                integer("passwords.argon2-iterations", 1, 100),
                integer("passwords.argon2-parallelism", 1, 16),
                integer("passwords.hash-threads", 0, 1024),
                integer("passwords.hash-queue", 0, 100_000));
        if (passwords.argon2MemoryKib() < 8 * passwords.argon2Parallelism()) {
            throw invalid("passwords.argon2-memory-kib", "must be at least 8 KiB per lane (8 x "
                    + other("passwords.argon2-parallelism") + ")");
        }
        String provider = string("crypto.provider");
        if (!Set.of("auto", "jdk").contains(provider)) {
            throw invalid("crypto.provider", "must be auto or jdk");
        }
        String idAlg = string("oauth.id-token-algorithm");
        if (!ALGORITHMS.contains(idAlg)) {
            throw invalid("oauth.id-token-algorithm", "must be one of " + ALGORITHMS);
        }
        var oauth = new TokenboothConfig.OAuth(
                duration("oauth.code-ttl", Duration.ofSeconds(1), Duration.ofSeconds(60)),
                duration("oauth.id-token-ttl", Duration.ofMinutes(1), Duration.ofHours(24)),
                idAlg,
                duration("oauth.deny-list-refresh", Duration.ofSeconds(1), Duration.ofMinutes(1)),
                duration("sso.idle-ttl", Duration.ofMinutes(1), Duration.ofDays(30)),
                duration("sso.absolute-ttl", Duration.ofMinutes(1), Duration.ofDays(90)),
                duration("oauth.pending-request-ttl", Duration.ofMinutes(1), Duration.ofHours(1)));
        var statusLists = statusLists();
        Optional<String> adminToken = optional("admin.token");
        if (adminToken.isPresent() && adminToken.get().length() < 32) {
            throw invalid("admin.token", "must be at least 32 characters (e.g. openssl rand -base64 32)");
        }
        return new TokenboothConfig(http, database, tokens, keys, cors, rates, passwords, oauth, statusLists, adminToken,
                provider);
    }

    /**
     * The status-list settings; a change takes effect for lists started after a restart, lists already published keep
     * their indices and capacity (docs/decisions.md, "Issue 7: status-list settings").
     */
    private TokenboothConfig.StatusLists statusLists() {
        var s = new TokenboothConfig.StatusLists(
                duration("status-list.ttl", Duration.ofSeconds(1), Duration.ofMinutes(10)),
                duration("status-list.lifetime", Duration.ofMinutes(1), Duration.ofHours(24)),
                duration("status-list.window", Duration.ofMinutes(10), Duration.ofHours(24)),
                integer("status-list.block-size", 64, 65_536),
                integer("status-list.capacity", 65_536, 16_777_216),
                duration("status-list.poll-interval", Duration.ofMillis(100), Duration.ofSeconds(10)));
        if (s.ttl().toMillis() % 1000 != 0) {
            throw invalid("status-list.ttl", "must be whole seconds (the claim and max-age are in seconds)");
        }
        if (s.lifetime().compareTo(s.ttl().multipliedBy(2)) < 0) {
            throw invalid("status-list.lifetime", "must be at least twice " + other("status-list.ttl"));
        }
        return s;
    }

    private ConfigException invalid(String key, String why) {
        return new ConfigException("invalid value for '" + key + "' (from " + sources.get(key) + "): " + why);
    }

    /** Another key in a rule between two, with its value and where that came from. */
    private String other(String key) {
        return key + " = " + string(key) + " from " + sources.get(key);
    }

    private String string(String key) {
        return values.get(key).trim();
    }

    private Optional<String> optional(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private int integer(String key, int min, int max) {
        try {
            int v = Integer.parseInt(string(key));
            if (v < min || v > max) {
                throw invalid(key, "must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(key, "'" + values.get(key) + "' is not a whole number");
        }
    }

    private boolean bool(String key) {
        return switch (string(key).toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, "'" + values.get(key) + "' is not true or false");
        };
    }

    private Duration duration(String key, Duration min, Duration max) {
        Duration d;
        try {
            d = Durations.parse(string(key));
        } catch (IllegalArgumentException e) {
            throw invalid(key, "'" + values.get(key) + "' is " + e.getMessage());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(key, "must be between " + min + " and " + max);
        }
        return d;
    }

    /** A duration within [min, max], or zero (the feature left off). */
    private Duration durationOrZero(String key, Duration min, Duration max) {
        return string(key).matches("0+(ms|s|m|h|d)?") ? Duration.ZERO : duration(key, min, max);
    }

    private Optional<String> optionalUrl(String key) {
        Optional<String> v = optional(key);
        v.ifPresent(url -> {
            try {
                URI uri = new URI(url);
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                        || uri.getQuery() != null || uri.getFragment() != null) {
                    throw invalid(key, "must be an http(s) URL with a host and no query or fragment");
                }
            } catch (java.net.URISyntaxException e) {
                throw invalid(key, "'" + url + "' is not a URL");
            }
        });
        return v.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    /** Base64 of exactly 32 bytes (AES-256), checked here so that an error names where the value came from. */
    private Optional<String> optionalMasterKey(String key) {
        Optional<String> v = optional(key);
        v.ifPresent(b64 -> {
            byte[] raw;
            try {
                raw = java.util.Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw invalid(key, "not base64 (e.g. openssl rand -base64 32)");
            }
            if (raw.length != 32) {
                throw invalid(key, "must be base64 of exactly 32 bytes, got " + raw.length);
            }
        });
        return v;
    }

    private Optional<String> optionalJdbc(String key) {
        Optional<String> v = optional(key);
        v.ifPresent(url -> {
            if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                throw invalid(key, "must be a jdbc:h2: or jdbc:postgresql: URL");
            }
        });
        return v;
    }

    private List<String> origins(String key) {
        List<String> list = Arrays.stream(values.get(key).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String origin : list) {
            if ("*".equals(origin)) {
                throw invalid(key, "'*' is not allowed; list each origin");
            }
            try {
                URI uri = new URI(origin);
                if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())
                        || uri.getQuery() != null || uri.getFragment() != null) {
                    throw invalid(key, "'" + origin + "' is not an origin (scheme://host[:port], no path)");
                }
            } catch (java.net.URISyntaxException e) {
                throw invalid(key, "'" + origin + "' is not an origin");
            }
        }
        return list;
    }
}
