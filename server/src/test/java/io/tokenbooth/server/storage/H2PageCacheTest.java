package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.config.ConfigLoader;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db-h2-cache-mib} reaches the embedded H2 database: the page cache H2 itself reports, in MiB. */
class H2PageCacheTest {
    @TempDir
    Path data;

    private static int reportedCacheMib(Map<String, String> flags) {
        try (Database db = Database.open(ConfigLoader.load(flags, Map.of(), Optional.empty()).database())) {
            return db.inTransaction(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select setting_value from information_schema.settings"
                             + " where setting_name = 'info.CACHE_MAX_SIZE'")) {
                    assertThat(rs.next()).as("H2 reports info.CACHE_MAX_SIZE").isTrue();
                    return Integer.parseInt(rs.getString(1));
                }
            });
        }
    }

    @Test
    void openWhenNoCacheSettingThenH2DefaultOf16Mib() {
        assertThat(reportedCacheMib(Map.of("data", data.toString()))).isEqualTo(16);
    }

    @Test
    void openWhenCacheSettingGivenThenH2UsesIt() {
        assertThat(reportedCacheMib(Map.of("data", data.toString(), "db-h2-cache-mib", "64"))).isEqualTo(64);
    }
}
