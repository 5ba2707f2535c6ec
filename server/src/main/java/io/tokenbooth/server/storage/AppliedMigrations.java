package io.tokenbooth.server.storage;

import java.io.IOException;
import java.math.BigInteger;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a database already has every migration this build carries, checked without Flyway. On a start against an
 * existing database (nearly every start) Flyway would find nothing to do, after loading ~600 classes and reading and
 * checksumming every migration file: a fifth of a start on one core. When anything is in doubt (no history table, a
 * failed row, a version missing, a file name or class path this check does not understand) the answer is "not known
 * current" and Flyway runs as before. What the skip gives up is Flyway's checksum validation of migrations already
 * applied; released migrations never change (MigrationManifestTest fails the build if one does).
 */
final class AppliedMigrations {
    static final String LOCATION = "db/migration";
    /** Flyway's versioned file names: V, the version with _ or . between its parts, two underscores, .sql. */
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.*\\.sql");

    private AppliedMigrations() {
    }

    /**
     * The versions of the migrations on the class path ({@code 2.1} for {@code V2_1__x.sql}), or empty when they
     * cannot be listed here (a class path other than a folder or a plain jar) or a file is not a versioned migration.
     */
    static Optional<Set<String>> onClassPath() {
        return onClassPath(AppliedMigrations.class.getClassLoader());
    }

    static Optional<Set<String>> onClassPath(ClassLoader loader) {
        URL folder = loader.getResource(LOCATION);
        if (folder == null) {
            return Optional.empty();
        }
        try {
            List<String> names = switch (folder.getProtocol()) {
                case "file" -> {
                    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                        yield files.map(p -> p.getFileName().toString()).toList();
                    }
                }
                case "jar" -> jarEntries(folder);
                default -> null;
            };
            return names == null ? Optional.empty() : versions(names);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> jarEntries(URL folder) throws IOException, URISyntaxException {
        URL jar = ((JarURLConnection) folder.openConnection()).getJarFileURL();
        String prefix = LOCATION + "/";
        try (JarFile file = new JarFile(Path.of(jar.toURI()).toFile())) {
            return file.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith(prefix) && n.length() > prefix.length())
                    .map(n -> n.substring(prefix.length())).toList();
        }
    }

    /** The versions named by {@code fileNames}, or empty when one is not a versioned SQL migration. */
    static Optional<Set<String>> versions(List<String> fileNames) {
        Set<String> versions = new TreeSet<>();
        for (String name : fileNames) {
            Matcher m = VERSIONED.matcher(name);
            if (!m.matches()) {
                return Optional.empty();
            }
            versions.add(normalized(m.group(1)));
        }
        return Optional.of(versions);
    }

    /**
     * The schema version of {@code c}'s database (its newest applied migration) when its flyway_schema_history holds
     * every one of {@code expected} as applied and no failed row; empty otherwise, also when the table does not exist.
     */
    static Optional<String> current(Connection c, Set<String> expected) {
        Set<String> applied = new TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version, success from flyway_schema_history")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return Optional.empty();
                }
                String version = rs.getString(1);
                if (version != null) {
                    applied.add(normalized(version));
                }
            }
        } catch (SQLException e) {
            return Optional.empty();
        } finally {
            endReadQuietly(c);
        }
        return !expected.isEmpty() && applied.containsAll(expected) ? Optional.of(newest(applied)) : Optional.empty();
    }

    /** The newest of {@code versions} in Flyway's order (numeric, part by part). */
    static String newest(Set<String> versions) {
        return versions.stream().max(Comparator.comparing(AppliedMigrations::parts, AppliedMigrations::compare))
                .orElseThrow();
    }

    /** {@code 2_1}, {@code 2.1} and {@code 2.1.0} are one version to Flyway; written here as {@code 2.1}. */
    private static String normalized(String version) {
        List<BigInteger> parts = parts(version);
        List<String> text = new ArrayList<>();
        parts.forEach(p -> text.add(p.toString()));
        return String.join(".", text);
    }

    private static List<BigInteger> parts(String version) {
        List<BigInteger> parts = new ArrayList<>();
        for (String p : version.split("[._]")) {
            parts.add(new BigInteger(p));
        }
        while (parts.size() > 1 && parts.getLast().signum() == 0) {
            parts.removeLast();
        }
        return parts;
    }

    private static int compare(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = (i < a.size() ? a.get(i) : BigInteger.ZERO).compareTo(i < b.size() ? b.get(i) : BigInteger.ZERO);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** A failed query leaves PostgreSQL's transaction aborted when the connection does not auto-commit. */
    private static void endReadQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // Flyway then runs on its own connections and reports what is wrong.
        }
    }
}
