package io.tokenbooth.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.config.ConfigException;
import io.tokenbooth.server.config.ConfigLoader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code admin.token} must be at least 32 characters; empty or absent disables the admin API. */
class AdminTokenConfigTest {

    @Test
    void loadWhenAdminTokenShortThenConfigExceptionNamingAdminToken() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("admin.token", "short"), Map.of(), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.token")
                .hasMessageContaining("32");
    }

    @Test
    void loadWhenAdminToken31CharactersThenConfigException() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("admin.token", "a".repeat(31)), Map.of(), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.token");
    }

    @Test
    void loadWhenAdminTokenPaddedToLengthWithSpacesThenConfigException() {
        // The value is trimmed before use, so padding cannot make a short credential pass the length rule.
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("admin.token", "  " + "a".repeat(30) + "  "), Map.of(),
                Optional.empty())).isInstanceOf(ConfigException.class).hasMessageContaining("admin.token");
    }

    @Test
    void loadWhenAdminTokenShortInEnvironmentThenConfigExceptionNamingKeyAndVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("TOKENBOOTH_ADMIN_TOKEN", "short"), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.token")
                .hasMessageContaining("TOKENBOOTH_ADMIN_TOKEN");
    }

    @Test
    void loadWhenAdminToken32CharactersThenEnabled() {
        String token = "b".repeat(32);
        assertThat(ConfigLoader.load(Map.of("admin.token", token), Map.of(), Optional.empty()).adminToken()).contains(token);
    }

    @Test
    void loadWhenAdminTokenAbsentOrEmptyThenDisabled() {
        assertThat(ConfigLoader.load(Map.of(), Map.of(), Optional.empty()).adminToken()).isEmpty();
        assertThat(ConfigLoader.load(Map.of("admin.token", ""), Map.of(), Optional.empty()).adminToken()).isEmpty();
    }
}
