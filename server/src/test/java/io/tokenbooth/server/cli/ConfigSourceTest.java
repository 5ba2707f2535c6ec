package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6, defect 7: every configuration error names its source, the configuration file's own name included. */
class ConfigSourceTest {
    @TempDir
    Path tmp;

    @Test
    void loadWhenTokenboothConfigNamesAMissingFileThenErrorNamesTheVariableInsteadOfDefaultsSilently() {
        Path missing = tmp.resolve("typo.yml");
        CommonOptions options = new CommonOptions();
        assertThatThrownBy(() -> options.load(Map.of("TOKENBOOTH_CONFIG", missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration file " + missing + " (from environment variable TOKENBOOTH_CONFIG) does not exist");
    }

    @Test
    void loadWhenConfigOptionNamesAMissingFileThenErrorNamesTheOption() {
        CommonOptions options = new CommonOptions();
        options.config = tmp.resolve("missing.yml");
        assertThatThrownBy(() -> options.load(Map.of()))
                .hasMessage("configuration file " + options.config + " (--config) does not exist");
    }

    @Test
    void loadWhenTokenboothConfigNamesAFileThenItsValuesAndErrorsNameIt() throws Exception {
        Path yml = Files.writeString(tmp.resolve("tb.yml"), "tokens:\n  refresh-absolute-ttl: 30d\n");
        CommonOptions options = new CommonOptions();
        options.data = tmp.resolve("data").toString();
        assertThatThrownBy(() -> options.load(Map.of("TOKENBOOTH_CONFIG", yml.toString(),
                "TOKENBOOTH_TOKENS_REFRESH_IDLE_TTL", "40d")))
                .hasMessage("invalid value for 'tokens.refresh-idle-ttl' (from environment variable "
                        + "TOKENBOOTH_TOKENS_REFRESH_IDLE_TTL): must not be longer than tokens.refresh-absolute-ttl = 30d "
                        + "from " + yml);
        assertThat(options.load(Map.of("TOKENBOOTH_CONFIG", yml.toString())).tokens().refreshAbsoluteTtl())
                .hasDays(30);
    }
}
