package io.tokenbooth.server.config;

/** A configuration value is missing or invalid. The message names the offending key and where it came from. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
