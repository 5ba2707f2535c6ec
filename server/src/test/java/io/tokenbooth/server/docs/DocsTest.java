package io.tokenbooth.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documentation names every configuration key and every route the server answers. */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void configurationDocWhenReadThenListsEveryKeyWithItsEnvironmentVariable() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/configuration.md"));
        for (ConfigKey key : ConfigKey.ALL) {
            assertThat(doc).as("docs/configuration.md documents " + key.name())
                    .contains("`" + key.name() + "`").contains("`" + key.envName() + "`");
        }
    }

    @Test
    void apiDocWhenReadThenDescribesEveryRoute() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/api.md"));
        String routes = Files.readString(ROOT.resolve("server/src/main/java/io/tokenbooth/server/http/Routes.java"))
                + Files.readString(ROOT.resolve("server/src/main/java/io/tokenbooth/server/admin/AdminRoutes.java"));
        var matcher = java.util.regex.Pattern.compile("r\\.(get|post|delete)\\(\"([^\"]+)\"").matcher(routes);
        int count = 0;
        while (matcher.find()) {
            count++;
            String line = matcher.group(1).toUpperCase(java.util.Locale.ROOT) + " " + matcher.group(2);
            assertThat(doc).as("docs/api.md describes " + line).contains(line);
        }
        assertThat(count).isGreaterThan(5);
    }
}
