package io.tokenbooth.server.cli;

import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.config.TokenboothConfig;
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
        Map<String, String> env = System.getenv();
        Path yml = config != null ? config
                : Path.of(env.getOrDefault("TOKENBOOTH_CONFIG", "tokenbooth.yml"));
        if (config != null && !java.nio.file.Files.isRegularFile(config)) {
            throw new io.tokenbooth.server.config.ConfigException("configuration file " + config + " does not exist");
        }
        return ConfigLoader.load(flags, env, Optional.of(yml));
    }
}
