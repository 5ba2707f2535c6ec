package io.tokenbooth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence (defaults < yml < env < flags), YAML shapes, and error messages that name the key and its source. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yml(String content) throws IOException {
        Path file = dir.resolve("tokenbooth.yml");
        Files.writeString(file, content);
        return file;
    }

    private static TokenboothConfig load(Map<String, String> flags, Map<String, String> env, Path yml) {
        return ConfigLoader.load(flags, env, Optional.ofNullable(yml));
    }

    @Test
    void loadWhenNothingGivenThenDocumentedDefaults() {
        TokenboothConfig c = load(Map.of(), Map.of(), null);
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().issuer()).isEmpty();
        assertThat(c.http().maxBodyBytes()).isEqualTo(16384);
        assertThat(c.http().trustForwardedFor()).isFalse();
        assertThat(c.database().dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.database().url()).isEmpty();
        assertThat(c.database().embedded()).isTrue();
        assertThat(c.database().poolSize()).isEqualTo(10);
        assertThat(c.database().masterKey()).isEmpty();
        assertThat(c.tokens().accessTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.tokens().refreshIdleTtl()).isEqualTo(Duration.ofDays(14));
        assertThat(c.tokens().refreshAbsoluteTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(c.tokens().algorithm()).isEqualTo("ES256");
        assertThat(c.tokens().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.keys().activationDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.keys().refreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.keys().checkInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.cors().origins()).isEmpty();
        assertThat(c.rateLimits().loginPerIp()).isEqualTo(30);
        assertThat(c.passwords().argon2MemoryKib()).isEqualTo(19456);
        assertThat(c.cryptoProvider()).isEqualTo("auto");
        assertThat(c.issuerFor(8080)).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.audienceFor("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void loadWhenYmlFileMissingThenDefaults() {
        TokenboothConfig c = load(Map.of(), Map.of(), dir.resolve("absent.yml"));
        assertThat(c.http().port()).isEqualTo(8080);
    }

    @Test
    void loadWhenYmlSetsValuesThenTheyOverrideDefaults() throws IOException {
        Path file = yml("""
                port: 9090
                host: 0.0.0.0
                issuer: https://auth.example.com/
                tokens:
                  access-ttl: 5m
                  algorithm: EdDSA
                """);
        TokenboothConfig c = load(Map.of(), Map.of(), file);
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
        assertThat(c.http().issuer()).contains("https://auth.example.com");
        assertThat(c.tokens().accessTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.tokens().algorithm()).isEqualTo("EdDSA");
        // Untouched keys keep their defaults.
        assertThat(c.tokens().refreshIdleTtl()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void loadWhenRefreshReuseGraceUnsetThen10sAndZeroAllowedAndPast60sRefusedNamingKey() {
        assertThat(load(Map.of(), Map.of(), null).tokens().refreshReuseGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(load(Map.of("tokens.refresh-reuse-grace", "0s"), Map.of(), null).tokens().refreshReuseGrace())
                .isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> load(Map.of("tokens.refresh-reuse-grace", "61s"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tokens.refresh-reuse-grace");
    }

    @Test
    void loadWhenStatusListKeysUnsetThenTheFormerConstantsAndYmlOrEnvSetThem() throws IOException {
        var d = load(Map.of(), Map.of(), null).statusLists();
        assertThat(d).isEqualTo(new TokenboothConfig.StatusLists(Duration.ofSeconds(1), Duration.ofMinutes(10),
                Duration.ofHours(1), 1024, 1 << 20, Duration.ofMillis(500)));
        var y = load(Map.of(), Map.of("TOKENBOOTH_STATUS_LIST_BLOCK_SIZE", "64"), yml("""
                status-list:
                  ttl: 30s
                  lifetime: 1h
                  window: 10m
                  capacity: 65536
                  poll-interval: 2s
                """)).statusLists();
        assertThat(y).isEqualTo(new TokenboothConfig.StatusLists(Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofMinutes(10), 64, 65536, Duration.ofSeconds(2)));
    }

    @Test
    void loadWhenStatusListKeyOutOfBoundsThenErrorNamesTheKey() {
        Map<String, String> bad = Map.of(
                "status-list.ttl", "11m",
                "status-list.lifetime", "25h",
                "status-list.window", "9m",
                "status-list.block-size", "32",
                "status-list.capacity", "16777217",
                "status-list.poll-interval", "50ms");
        bad.forEach((key, value) -> assertThatThrownBy(() -> load(Map.of(key, value), Map.of(), null))
                .as(key).isInstanceOf(ConfigException.class).hasMessageContaining("'" + key + "'"));
        assertThatThrownBy(() -> load(Map.of("status-list.ttl", "1500ms"), Map.of(), null))
                .hasMessageContaining("'status-list.ttl'").hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> load(Map.of("status-list.ttl", "10m", "status-list.lifetime", "15m"), Map.of(), null))
                .hasMessageContaining("'status-list.lifetime'").hasMessageContaining("status-list.ttl = 10m");
    }

    @Test
    void loadWhenDbTimeoutsUnsetThen30sAnd10sAndZeroLeavesThemToTheDatabase() {
        var db = load(Map.of(), Map.of(), null).database();
        assertThat(db.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(db.lockTimeout()).isEqualTo(Duration.ofSeconds(10));
        var off = load(Map.of(), Map.of("TOKENBOOTH_DB_STATEMENT_TIMEOUT", "0", "TOKENBOOTH_DB_LOCK_TIMEOUT", "0s"), null).database();
        assertThat(off.statementTimeout()).isZero();
        assertThat(off.lockTimeout()).isZero();
        assertThat(load(Map.of("db-statement-timeout", "5s", "db-lock-timeout", "250ms"), Map.of(), null).database().lockTimeout())
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void loadWhenDbTimeoutsOutOfRangeThenErrorNamesKeyAndSource() {
        assertThatThrownBy(() -> load(Map.of("db-statement-timeout", "500ms"), Map.of(), null))
                .hasMessageContaining("'db-statement-timeout'").hasMessageContaining("command-line option");
        assertThatThrownBy(() -> load(Map.of("db-lock-timeout", "2h"), Map.of(), null))
                .hasMessageContaining("'db-lock-timeout'");
        assertThatThrownBy(() -> load(Map.of(), Map.of("TOKENBOOTH_DB_LOCK_TIMEOUT", "50ms"), null))
                .hasMessageContaining("'db-lock-timeout'").hasMessageContaining("TOKENBOOTH_DB_LOCK_TIMEOUT");
        // The default lock timeout (10s) beside a shorter statement timeout is allowed: the statement timeout ends first.
        assertThat(load(Map.of("db-statement-timeout", "5s"), Map.of(), null).database().lockTimeout())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void loadWhenH2CacheGivenThenUsedAndDefaultIsH2sOwn() {
        assertThat(load(Map.of(), Map.of(), null).database().h2CacheMib()).isEqualTo(16);
        assertThat(load(Map.of("db-h2-cache-mib", "64"), Map.of(), null).database().h2CacheMib()).isEqualTo(64);
        assertThat(load(Map.of(), Map.of("TOKENBOOTH_DB_H2_CACHE_MIB", "128"), null).database().h2CacheMib())
                .isEqualTo(128);
    }

    @Test
    void loadWhenH2CacheOutOfRangeOrNotANumberThenErrorNamesKeyAndSource() {
        for (String bad : List.of("0", "-1", "4097", "64MB", "")) {
            assertThatThrownBy(() -> load(Map.of("db-h2-cache-mib", bad), Map.of(), null)).as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'db-h2-cache-mib'").hasMessageContaining("command-line option");
        }
        assertThatThrownBy(() -> load(Map.of(), Map.of("TOKENBOOTH_DB_H2_CACHE_MIB", "99999"), null))
                .hasMessageContaining("'db-h2-cache-mib'").hasMessageContaining("TOKENBOOTH_DB_H2_CACHE_MIB");
    }

    @Test
    void loadWhenH2CacheSetBesideDbUrlThenErrorWithoutTheUrl() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1/tb?user=tb&password=s3cret-in-url";
        assertThatThrownBy(() -> load(Map.of("db", url, "db-h2-cache-mib", "64"), Map.of(), null))
                .hasMessageContaining("'db-h2-cache-mib'").hasMessageContaining("embedded database only")
                .hasMessageNotContaining("s3cret-in-url");
        // Even H2's default, when written down: the URL, not this key, sets the cache of that database.
        assertThatThrownBy(() -> load(Map.of("db", url), Map.of(), yml("db-h2-cache-mib: 16\n")))
                .hasMessageContaining("'db-h2-cache-mib'");
        assertThat(load(Map.of("db", url), Map.of(), null).database().url()).contains(url);
    }

    @Test
    void loadWhenYmlUsesDottedKeyThenSameAsNested() throws IOException {
        Path file = yml("tokens.access-ttl: 7m\nrate-limit.login-per-ip: 3\n");
        TokenboothConfig c = load(Map.of(), Map.of(), file);
        assertThat(c.tokens().accessTtl()).isEqualTo(Duration.ofMinutes(7));
        assertThat(c.rateLimits().loginPerIp()).isEqualTo(3);
    }

    @Test
    void loadWhenYmlHasListOfOriginsThenAllKept() throws IOException {
        Path file = yml("""
                cors:
                  origins: [https://app.example.com, "http://localhost:3000"]
                """);
        assertThat(load(Map.of(), Map.of(), file).cors().origins())
                .containsExactly("https://app.example.com", "http://localhost:3000");
        Path block = yml("""
                cors:
                  origins:
                    - https://a.example.com
                    - https://b.example.com:8443
                """);
        assertThat(load(Map.of(), Map.of(), block).cors().origins())
                .containsExactly("https://a.example.com", "https://b.example.com:8443");
    }

    @Test
    void loadWhenEnvAndYmlBothSetThenEnvWins() throws IOException {
        Path file = yml("port: 9090\ntokens:\n  access-ttl: 5m\n");
        TokenboothConfig c = load(Map.of(),
                Map.of("TOKENBOOTH_PORT", "9191", "TOKENBOOTH_TOKENS_ACCESS_TTL", "2m", "TOKENBOOTH_CORS_ORIGINS",
                        "https://x.example.com, https://y.example.com"), file);
        assertThat(c.http().port()).isEqualTo(9191);
        assertThat(c.tokens().accessTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.cors().origins()).containsExactly("https://x.example.com", "https://y.example.com");
    }

    @Test
    void loadWhenFlagEnvAndYmlAllSetThenFlagWins() throws IOException {
        Path file = yml("port: 9090\ndata: /from/yml\n");
        TokenboothConfig c = load(Map.of("port", "9292"), Map.of("TOKENBOOTH_PORT", "9191", "TOKENBOOTH_DATA", "/from/env"), file);
        assertThat(c.http().port()).isEqualTo(9292);
        // A key the flags leave alone still comes from the environment, over the yml.
        assertThat(c.database().dataDir()).isEqualTo(Path.of("/from/env"));
    }

    @Test
    void loadWhenUnrelatedEnvironmentVariablesThenIgnored() {
        TokenboothConfig c = load(Map.of(), Map.of("PORT", "1", "TOKENBOOTH_CONFIG", "x.yml", "TOKENBOOTH_TEST_PG", "y"), null);
        assertThat(c.http().port()).isEqualTo(8080);
    }

    @Test
    void loadWhenYmlHasUnknownKeyThenErrorNamesKeyAndFile() throws IOException {
        Path file = yml("prot: 9090\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'prot'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void loadWhenYmlHasUnknownNestedKeyThenErrorNamesDottedKey() throws IOException {
        Path file = yml("tokens:\n  acces-ttl: 5m\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'tokens.acces-ttl'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void loadWhenYmlRepeatsAKeyThenErrorInsteadOfSilentlyDroppingSettings() throws IOException {
        // A second "tokens:" block would otherwise replace the first whole, and access-ttl would fall back to 10m.
        Path file = yml("tokens:\n  access-ttl: 5m\nport: 9090\ntokens:\n  algorithm: EdDSA\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'tokens'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void loadWhenUnknownFlagThenError() {
        assertThatThrownBy(() -> load(Map.of("prot", "1"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'prot'");
    }

    @Test
    void loadWhenYmlIsNotYamlThenConfigException() throws IOException {
        Path file = yml("port: [unclosed\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class).hasMessageContaining(file.toString());
    }

    @Test
    void loadWhenPortOutOfRangeFromEnvThenErrorNamesKeyAndVariable() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("TOKENBOOTH_PORT", "70000"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'port'")
                .hasMessageContaining("environment variable TOKENBOOTH_PORT")
                .hasMessageContaining("65535");
    }

    @Test
    void loadWhenPortOutOfRangeFromYmlThenErrorNamesFile() throws IOException {
        Path file = yml("port: 70000\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'port'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void loadWhenPortNotANumberFromFlagThenErrorNamesCommandLine() {
        assertThatThrownBy(() -> load(Map.of("port", "abc"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'port'")
                .hasMessageContaining("command-line option")
                .hasMessageContaining("abc");
    }

    @Test
    void loadWhenDurationHasUnknownUnitThenErrorNamesKeyAndSource() throws IOException {
        Path file = yml("tokens:\n  access-ttl: 10x\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'tokens.access-ttl'")
                .hasMessageContaining("10x")
                .hasMessageContaining(file.toString());
    }

    @Test
    void loadWhenDurationOutOfRangeThenError() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("TOKENBOOTH_TOKENS_ACCESS_TTL", "5s"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'tokens.access-ttl'")
                .hasMessageContaining("environment variable TOKENBOOTH_TOKENS_ACCESS_TTL");
    }

    @Test
    void loadWhenDurationsInEachFormThenParsed() {
        TokenboothConfig c = load(Map.of(
                "rate-limit.account-base-delay", "500ms",
                "tokens.clock-skew", "30s",
                "tokens.access-ttl", "PT10M",
                "rate-limit.account-max-delay", "12h",
                "tokens.refresh-idle-ttl", "2d"), Map.of(), null);
        assertThat(c.rateLimits().accountBaseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.tokens().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.tokens().accessTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.rateLimits().accountMaxDelay()).isEqualTo(Duration.ofHours(12));
        assertThat(c.tokens().refreshIdleTtl()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void durationsParseWhenShortAndIsoFormsThenSame() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 10m ")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> Durations.parse("10x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadWhenAlgorithmIsHs256ThenErrorNamesKeyAndSource() throws IOException {
        Path file = yml("tokens:\n  algorithm: HS256\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'tokens.algorithm'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("ES256");
    }

    @Test
    void loadWhenCorsOriginIsWildcardThenError() throws IOException {
        Path file = yml("cors:\n  origins: \"*\"\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cors.origins'")
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() -> load(Map.of(), Map.of("TOKENBOOTH_CORS_ORIGINS", "https://a.example.com,*"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cors.origins'")
                .hasMessageContaining("environment variable TOKENBOOTH_CORS_ORIGINS");
    }

    @Test
    void loadWhenCorsOriginHasPathThenError() {
        assertThatThrownBy(() -> load(Map.of("cors.origins", "https://app.example.com/login"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cors.origins'")
                .hasMessageContaining("https://app.example.com/login")
                .hasMessageContaining("command-line option");
    }

    @Test
    void loadWhenCorsOriginHasNoSchemeThenError() {
        assertThatThrownBy(() -> load(Map.of("cors.origins", "app.example.com"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cors.origins'");
    }

    @Test
    void loadWhenIdleTtlLongerThanAbsoluteThenError() throws IOException {
        Path file = yml("tokens:\n  refresh-idle-ttl: 40d\n  refresh-absolute-ttl: 30d\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'tokens.refresh-idle-ttl'")
                .hasMessageContaining("tokens.refresh-absolute-ttl")
                .hasMessageContaining(file.toString());
    }

    @Test
    void loadWhenDbIsNotJdbcH2OrPostgresThenError() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("TOKENBOOTH_DB", "mysql://127.0.0.1/tokenbooth"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'db'")
                .hasMessageContaining("environment variable TOKENBOOTH_DB");
        assertThatThrownBy(() -> load(Map.of("db", "jdbc:mysql://127.0.0.1/tokenbooth"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'db'");
    }

    @Test
    void loadWhenDbIsPostgresThenNotEmbedded() {
        TokenboothConfig c = load(Map.of("db", "jdbc:postgresql://127.0.0.1:5432/tb"), Map.of(), null);
        assertThat(c.database().url()).contains("jdbc:postgresql://127.0.0.1:5432/tb");
        assertThat(c.database().embedded()).isFalse();
    }

    @Test
    void loadWhenIssuerHasQueryThenError() {
        assertThatThrownBy(() -> load(Map.of("issuer", "https://auth.example.com/?x=1"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'issuer'");
    }

    @Test
    void loadWhenBooleanNotTrueOrFalseThenError() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("TOKENBOOTH_HTTP_TRUST_FORWARDED_FOR", "maybe"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http.trust-forwarded-for'")
                .hasMessageContaining("environment variable TOKENBOOTH_HTTP_TRUST_FORWARDED_FOR");
    }

    @Test
    void loadWhenExampleYmlFromDocsThenAcceptedWithItsValues() throws IOException {
        String doc = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("docs/configuration.md"));
        int start = doc.indexOf("```yaml\n", doc.indexOf("## Example `tokenbooth.yml`"));
        assertThat(start).as("example block in docs/configuration.md").isPositive();
        String example = doc.substring(start + "```yaml\n".length(), doc.indexOf("```", start + 7));
        TokenboothConfig c = load(Map.of(), Map.of(), yml(example));
        assertThat(c.http().issuer()).contains("https://auth.example.com");
        assertThat(c.database().embedded()).isFalse();
        assertThat(c.database().user()).contains("tokenbooth");
        assertThat(c.cors().origins()).containsExactly("https://app.example.com");
    }

    @Test
    void envNameWhenDottedAndDashedKeyThenUpperSnakeCase() {
        assertThat(new ConfigKey("tokens.access-ttl", "", "").envName()).isEqualTo("TOKENBOOTH_TOKENS_ACCESS_TTL");
        assertThat(ConfigKey.ALL.stream().map(ConfigKey::envName).distinct().count()).isEqualTo(ConfigKey.ALL.size());
    }

    @Test
    void loadWhenEveryKeyGivenItsDefaultViaEnvThenAccepted() {
        // Every documented default must itself be a valid value.
        Map<String, String> env = new java.util.HashMap<>();
        for (ConfigKey k : ConfigKey.ALL) {
            env.put(k.envName(), k.defaultValue());
        }
        assertThat(load(Map.of(), env, null)).isEqualTo(load(Map.of(), Map.of(), null));
        assertThat(List.copyOf(env.keySet())).allMatch(n -> n.startsWith("TOKENBOOTH_"));
    }
}
