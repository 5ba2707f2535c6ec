package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.storage.ReleasedMigrations.Released;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Released migrations are append-only: see {@link ReleasedMigrations} and docs/operations.md "Migrations". */
class MigrationManifestTest {
    private static final byte[] V1 = "create table a (id int);\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] V2 = "create table b (id int);\n".getBytes(StandardCharsets.UTF_8);
    private static final List<Released> MANIFEST = List.of(
            new Released("V1__a.sql", ReleasedMigrations.sha256(V1)),
            new Released("V2__b.sql", ReleasedMigrations.sha256(V2)));

    @Test
    void whenMigrationFolderIsCheckedThenReleasedFilesAreUnchangedAndNoNewOneSortsBeforeTheNewest() {
        List<Released> released = ReleasedMigrations.read(ReleasedMigrations.MANIFEST);

        assertThat(ReleasedMigrations.problems(released, ReleasedMigrations.files(ReleasedMigrations.SOURCE))).isEmpty();
        assertThat(released).extracting(Released::file).startsWith("V1__initial_schema.sql", "V2__oauth_provider.sql",
                "V3__wider_username_columns.sql", "V2_1__refresh_family_details.sql", "V4__login_sources.sql");
    }

    @Test
    void whenFilesMatchTheManifestThenNoProblems() {
        assertThat(ReleasedMigrations.problems(MANIFEST, files("V1__a.sql", V1, "V2__b.sql", V2))).isEmpty();
    }

    @Test
    void whenReleasedFileIsChangedThenCheckFails() {
        byte[] edited = "create table b (id bigint);\n".getBytes(StandardCharsets.UTF_8);

        assertThat(ReleasedMigrations.problems(MANIFEST, files("V1__a.sql", V1, "V2__b.sql", edited)))
                .singleElement().asString().contains("V2__b.sql changed after its release");
    }

    @Test
    void whenReleasedFileHasWindowsLineEndingsThenItIsNotAChange() {
        byte[] crlf = "create table b (id int);\r\n".getBytes(StandardCharsets.UTF_8);

        assertThat(ReleasedMigrations.problems(MANIFEST, files("V1__a.sql", V1, "V2__b.sql", crlf))).isEmpty();
    }

    @Test
    void whenReleasedFileIsRenamedThenCheckFails() {
        assertThat(ReleasedMigrations.problems(MANIFEST, files("V1__a.sql", V1, "V3__b.sql", V2)))
                .singleElement().asString().contains("V2__b.sql was released but is gone");
    }

    @Test
    void whenNewFileSortsBeforeTheNewestReleasedThenCheckFails() {
        assertThat(ReleasedMigrations.problems(MANIFEST, files("V1__a.sql", V1, "V1_5__late.sql", V1, "V2__b.sql", V2)))
                .singleElement().asString().contains("V1_5__late.sql is new but sorts before the newest released");
    }

    @Test
    void whenNewFileHasTheNewestReleasedVersionThenCheckFails() {
        assertThat(ReleasedMigrations.problems(MANIFEST, files("V1__a.sql", V1, "V2__b.sql", V2, "V2_0__same.sql", V1)))
                .singleElement().asString().contains("V2_0__same.sql is new but sorts before");
    }

    @Test
    void whenNewFileSortsAfterTheNewestReleasedThenItMayWaitToBeListed() {
        assertThat(ReleasedMigrations.problems(MANIFEST, files("V1__a.sql", V1, "V2__b.sql", V2, "V10__c.sql", V1)))
                .isEmpty();
    }

    @Test
    void whenManifestAppendsAFileThatSortsBeforeAnEarlierOneThenCheckFails() {
        List<Released> appended = List.of(MANIFEST.get(0), MANIFEST.get(1),
                new Released("V1_5__late.sql", ReleasedMigrations.sha256(V1)));

        assertThat(ReleasedMigrations.problems(appended, files("V1__a.sql", V1, "V1_5__late.sql", V1, "V2__b.sql", V2)))
                .singleElement().asString().contains("V1_5__late.sql was appended to the manifest after V2__b.sql");
    }

    private static Map<String, byte[]> files(Object... nameThenContent) {
        Map<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            files.put((String) nameThenContent[i], (byte[]) nameThenContent[i + 1]);
        }
        return files;
    }
}
