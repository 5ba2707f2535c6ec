package io.tokenbooth.server.cli;

import io.tokenbooth.server.config.ConfigException;
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command takes. Flags win over TOKENBOOTH_* variables, which win over tokenbooth.yml. */
public final class CommonOptions {
    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (TOKENBOOTH_PORT, default 8080).")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (TOKENBOOTH_DATA, default ./data).")
    String data;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Database JDBC URL (TOKENBOOTH_DB, default the embedded H2 database in the data folder).")
    String db;

    @Option(names = "--issuer", paramLabel = "URL",
            description = "Issuer URL (TOKENBOOTH_ISSUER, default http://127.0.0.1:<port>).")
    String issuer;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (TOKENBOOTH_CONFIG, default ./tokenbooth.yml if present).")
    Path config;

    TokenboothConfig load() {
        return load(System.getenv());
    }

    /** As {@link #load()}, with {@code env} as the environment. */
    TokenboothConfig load(Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        if (port != null) {
            flags.put("port", port.toString());
        }
        if (data != null) {
            flags.put("data", data);
        }
        if (db != null) {
            flags.put("db", db);
        }
        if (issuer != null) {
            flags.put("issuer", issuer);
        }
        return ConfigLoader.load(flags, env, Optional.of(configFile(env)));
    }

    /**
     * The YAML file: the one named by --config or TOKENBOOTH_CONFIG, which must exist (a typo must not silently leave
     * every setting at its default), else ./tokenbooth.yml if present.
     */
    private Path configFile(Map<String, String> env) {
        String fromEnv = env.get("TOKENBOOTH_CONFIG");
        String source = config != null ? "--config" : "from environment variable TOKENBOOTH_CONFIG";
        Path named = config != null ? config : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : null;
        if (named == null) {
            return Path.of("tokenbooth.yml");
        }
        if (!Files.isRegularFile(named)) {
            throw new ConfigException("configuration file " + named + " (" + source + ") does not exist");
        }
        return named;
    }
}
