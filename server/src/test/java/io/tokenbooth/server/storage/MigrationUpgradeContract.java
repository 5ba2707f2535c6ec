package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database left at any landed commit upgrades to the latest schema, on each database (see the H2 and PostgreSQL
 * subclasses). The states are the prefixes of the released-migrations manifest, in landing order; a new migration
 * appended there is covered without touching this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MigrationUpgradeContract {
    private List<String> freshSchema;

    protected abstract TestDatabase.Kind kind();

    @BeforeAll
    void migrateAFreshDatabase() {
        try (TestDatabase testDb = TestDatabase.create(kind()); Database db = open(testDb)) {
            db.migrate();
            freshSchema = columns(db);
        }
        // The comparison sees the columns V2_1 adds, so applying it late, or not at all, would show.
        assertThat(freshSchema).anyMatch(c -> c.startsWith("refresh_families.audiences #"));
    }

    static Stream<List<String>> landedStates() {
        List<String> landed = ReleasedMigrations.read(ReleasedMigrations.MANIFEST).stream()
                .map(ReleasedMigrations.Released::file).toList();
        return IntStream.rangeClosed(1, landed.size()).mapToObj(n -> landed.subList(0, n));
    }

    @ParameterizedTest(name = "from {0}")
    @MethodSource("landedStates")
    void whenDatabaseWasMigratedAtALandedCommitThenMigrateUpgradesItToTheFreshSchema(List<String> landed)
            throws IOException {
        try (TestDatabase testDb = TestDatabase.create(kind())) {
            migrateAsThatCommitDid(testDb, landed);

            try (Database db = open(testDb)) {
                assertThatCode(db::migrate).doesNotThrowAnyException();
                assertThat(columns(db)).isEqualTo(freshSchema);
                assertThat(query(db, "select version from flyway_schema_history where success and version is not null"))
                        .containsExactlyInAnyOrderElementsOf(ReleasedMigrations.files(ReleasedMigrations.SOURCE).keySet()
                                .stream().map(f -> ReleasedMigrations.version(f).getVersion()).toList());
            }
        }
    }

    /**
     * What that commit's code did to a new database: its migration files, applied by Flyway with the configuration every
     * release until issue 6 used (the defaults: in version order, no out-of-order migrations).
     */
    private static void migrateAsThatCommitDid(TestDatabase testDb, List<String> landed) throws IOException {
        Path dir = Files.createTempDirectory(testDb.dataDir(), "migrations-");
        for (String file : landed) {
            Files.copy(ReleasedMigrations.SOURCE.resolve(file), dir.resolve(file));
        }
        try (Database db = open(testDb)) {
            Flyway.configure().dataSource(db.dataSource()).locations("filesystem:" + dir).load().migrate();
        }
    }

    private static Database open(TestDatabase testDb) {
        return Database.open(ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty()).database());
    }

    /** Every column of the application's tables with its position, type, size, nullability and default. */
    private static List<String> columns(Database db) {
        return query(db, """
                select table_name || '.' || column_name || ' #' || ordinal_position || ' ' || data_type
                       || ' ' || coalesce(cast(character_maximum_length as varchar), '-') || ' ' || is_nullable
                       || ' ' || coalesce(column_default, '-')
                from information_schema.columns
                where table_schema = 'public' and table_name <> 'flyway_schema_history'
                order by table_name, column_name""");
    }

    private static List<String> query(Database db, String sql) {
        return db.inTransaction(c -> {
            List<String> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        });
    }
}
