package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.testing.TestDatabase;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start's check that lets a current schema skip Flyway, and that it never skips a pending migration. */
class AppliedMigrationsTest {
    private static final Set<String> CARRIED = ReleasedMigrations.files(ReleasedMigrations.SOURCE).keySet().stream()
            .map(f -> ReleasedMigrations.version(f).getVersion()).collect(java.util.stream.Collectors.toSet());

    @Test
    void whenListedFromTheClassPathThenEveryMigrationFileIsThere() {
        assertThat(AppliedMigrations.onClassPath()).contains(new java.util.TreeSet<>(CARRIED));
    }

    @Test
    void whenListedFromAJarThenItsMigrationFilesAreThere(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("server.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("db/migration/", "db/migration/V1__a.sql", "db/migration/V2_1__b.sql",
                    "db/other.txt")) {
                out.putNextEntry(new JarEntry(name));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(AppliedMigrations.onClassPath(loader)).contains(Set.of("1", "2.1"));
        }
    }

    @Test
    void whenAFileIsNotAVersionedMigrationThenTheCheckDoesNotAnswer() {
        assertThat(AppliedMigrations.versions(List.of("V1__a.sql", "V2_1__b.sql"))).contains(Set.of("1", "2.1"));
        assertThat(AppliedMigrations.versions(List.of("V1__a.sql", "R__view.sql"))).isEmpty();
    }

    @Test
    void whenEveryMigrationIsAppliedThenMigrateSkipsFlywayAndReportsTheVersion() throws SQLException {
        try (TestDatabase testDb = TestDatabase.create(TestDatabase.Kind.H2); Database db = open(testDb)) {
            db.migrate();

            try (Connection c = db.dataSource().getConnection()) {
                assertThat(AppliedMigrations.current(c, CARRIED)).contains(AppliedMigrations.newest(CARRIED));
            }
            assertThat(db.migrate()).isEqualTo(new Database.Migrated(List.of(), AppliedMigrations.newest(CARRIED)));
        }
    }

    @Test
    void whenTheNewestMigrationIsPendingThenMigrateAppliesIt() throws SQLException {
        try (TestDatabase testDb = TestDatabase.create(TestDatabase.Kind.H2); Database db = open(testDb)) {
            String newest = AppliedMigrations.newest(CARRIED);
            Flyway.configure().dataSource(db.migrationDataSource()).locations("classpath:db/migration")
                    .target(previous(newest)).load().migrate();
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(AppliedMigrations.current(c, CARRIED)).isEmpty();
            }

            Database.Migrated migrated = db.migrate();

            assertThat(migrated.applied()).singleElement().asString().startsWith("V" + newest + " ");
            assertThat(migrated.schemaVersion()).isEqualTo(newest);
        }
    }

    @Test
    void whenTheDatabaseIsEmptyThenTheCheckSaysNotCurrentAndMigrateCreatesTheSchema() throws SQLException {
        try (TestDatabase testDb = TestDatabase.create(TestDatabase.Kind.H2); Database db = open(testDb)) {
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(AppliedMigrations.current(c, CARRIED)).isEmpty();
            }

            assertThat(db.migrate().applied()).hasSameSizeAs(CARRIED);
        }
    }

    @Test
    void whenTheHistoryHasAFailedRowThenTheCheckSaysNotCurrent() throws SQLException {
        try (TestDatabase testDb = TestDatabase.create(TestDatabase.Kind.H2); Database db = open(testDb)) {
            db.migrate();
            db.inTransaction(c -> c.createStatement().executeUpdate(
                    "update flyway_schema_history set success = false where version = '1'"));

            try (Connection c = db.dataSource().getConnection()) {
                assertThat(AppliedMigrations.current(c, CARRIED)).isEmpty();
            }
        }
    }

    /** The version just before {@code newest} among the carried ones. */
    private static String previous(String newest) {
        Set<String> rest = new java.util.HashSet<>(CARRIED);
        rest.remove(newest);
        return AppliedMigrations.newest(rest);
    }

    private static Database open(TestDatabase testDb) {
        return Database.open(ConfigLoader.load(testDb.settings(), Map.of(), Optional.empty()).database());
    }
}
