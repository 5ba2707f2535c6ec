package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.config.ConfigLoader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the CLI prints for the database it opened: where it is, never a credential. No connection is needed. */
class DatabaseDescribeTest {

    private static String describe(String url) {
        try (Database db = Database.open(ConfigLoader.load(Map.of("db", url), Map.of(), Optional.empty()).database())) {
            return db.describe();
        }
    }

    @Test
    void describeWhenUrlCarriesCredentialsThenTheyAreLeftOut() {
        assertThat(describe("jdbc:postgresql://127.0.0.1:1/tokens?user=admin&password=hunter2-secret"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:1/tokens");
        assertThat(describe("jdbc:h2:mem:described;USER=sa;PASSWORD=hunter2-secret"))
                .isEqualTo("jdbc:h2:mem:described");
    }
}
