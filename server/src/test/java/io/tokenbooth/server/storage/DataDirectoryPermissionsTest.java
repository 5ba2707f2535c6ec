package io.tokenbooth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tokenbooth.server.cli.Cli;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The embedded data folder holds password hashes, encrypted signing keys, token hashes and the master key: it is
 * 0700 and its files 0600 whatever the process umask (0022 here, so H2 alone would make them 0644), and a wider
 * folder or file left by an older version is reported at start and tightened (issue 15, defect 10). POSIX only.
 */
class DataDirectoryPermissionsTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions only");
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        appender.stop();
    }

    @Test
    void serveWhenDataFolderIsNewThenFolderIs0700AndEveryFile0600() {
        Path data = tmp.resolve("fresh").resolve("data");
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             TestServer server = TestServer.builder(db).set("data", data.toString()).start()) {
            server.signup("alice", PASSWORD);
            assertOwnerOnly(data);
            assertThat(data.resolve("tokenbooth.mv.db")).exists();
            assertThat(data.resolve("master.key")).exists();
        }
        assertThat(warnings()).isEmpty();
    }

    @Test
    void migrateWhenDataFolderIsNewThenFolderIs0700AndEveryFile0600() {
        Path data = tmp.resolve("data");
        Cli.Result r = Cli.run("migrate", "--data", data.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(data.resolve("tokenbooth.mv.db")).exists();
        assertOwnerOnly(data);
    }

    @Test
    void userAddWhenDataFolderIsNewThenFolderIs0700AndEveryFile0600() {
        Path data = tmp.resolve("data");
        Cli.Result r = Cli.withInput(PASSWORD + "\n", "user", "add", "bob", "--data", data.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(data.resolve("master.key")).exists();
        assertOwnerOnly(data);
    }

    @Test
    void startWhenFolderAndFilesWereWiderThenWarningNamesPathAndModeAndTheyAreTightened() throws IOException {
        Path data = tmp.resolve("data");
        assertThat(Cli.withInput(PASSWORD + "\n", "user", "add", "bob", "--data", data.toString()).exitCode()).isZero();
        String masterKey = Files.readString(data.resolve("master.key")).trim();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("tokenbooth.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data.resolve("master.key"), PosixFilePermissions.fromString("rw-r-----"));
        appender.list.clear();

        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             TestServer server = TestServer.builder(db).set("data", data.toString()).start()) {
            assertThat(server.login("bob", PASSWORD).status()).isEqualTo(200);
        }

        List<String> warnings = warnings();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(data.toAbsolutePath().toString()).contains("0755"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("tokenbooth.mv.db").contains("0644"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("master.key").contains("0640"));
        assertThat(warnings).noneSatisfy(w -> assertThat(w).contains(masterKey));
        assertOwnerOnly(data);
    }

    private List<String> warnings() {
        return List.copyOf(appender.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static void assertOwnerOnly(Path data) {
        assertThat(mode(data)).as(data.toString()).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(data)) {
            List<Path> regular = files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
            assertThat(regular).isNotEmpty();
            for (Path f : regular) {
                assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
