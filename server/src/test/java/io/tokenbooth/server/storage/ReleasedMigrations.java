package io.tokenbooth.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The released-migrations manifest ({@code src/test/resources/db/released-migrations.sha256}): each migration file that
 * has landed on main, in landing order, with the SHA-256 of its content. Databases in the field have applied these
 * files, so {@link #problems} reports any change to them and any new file that Flyway would have to apply out of order.
 */
final class ReleasedMigrations {
    static final Path SOURCE = Path.of("src/main/resources/db/migration");
    static final Path MANIFEST = Path.of("src/test/resources/db/released-migrations.sha256");
    /**
     * Landed after V3 although it sorts before it (issue 6); {@link Database#migrate} applies it out of order to
     * databases that have V3 already. The only exception: no other file may ever sort before an earlier-landed one.
     */
    static final Set<String> LANDED_OUT_OF_ORDER = Set.of("V2_1__refresh_family_details.sql");

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__\\w+\\.sql");
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  (\\S+)");

    record Released(String file, String sha256) {}

    private ReleasedMigrations() {}

    /** The manifest's entries in landing order. */
    static List<Released> read(Path manifest) {
        List<Released> released = new ArrayList<>();
        for (String line : lines(manifest)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException(manifest + ": not `<sha256>  <file>`: " + line);
            }
            released.add(new Released(m.group(2), m.group(1)));
        }
        return released;
    }

    /** The migration files in {@code dir} by name, with their content. */
    static Map<String, byte[]> files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            Map<String, byte[]> files = new TreeMap<>();
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code files} against the manifest; empty when the history is intact. */
    static List<String> problems(List<Released> released, Map<String, byte[]> files) {
        List<String> problems = new ArrayList<>();
        MigrationVersion newest = MigrationVersion.EMPTY;
        String newestFile = "(none)";
        for (Released r : released) {
            byte[] content = files.get(r.file());
            if (content == null) {
                problems.add(r.file() + " was released but is gone: released migrations are never removed or renamed");
            } else if (!sha256(content).equals(r.sha256())) {
                problems.add(r.file() + " changed after its release: add a new migration instead");
            }
            MigrationVersion v = version(r.file());
            if (v.compareTo(newest) <= 0 && !LANDED_OUT_OF_ORDER.contains(r.file())) {
                problems.add(r.file() + " was appended to the manifest after " + newestFile + " but does not sort after it");
            }
            if (v.compareTo(newest) > 0) {
                newest = v;
                newestFile = r.file();
            }
        }
        Set<String> listed = new java.util.HashSet<>(released.stream().map(Released::file).toList());
        for (String file : files.keySet()) {
            if (!listed.contains(file) && version(file).compareTo(newest) <= 0) {
                problems.add(file + " is new but sorts before the newest released migration " + newestFile
                        + ": databases past it would skip or reject it; give it a version after " + newest);
            }
        }
        return problems;
    }

    /** Flyway's version of a versioned migration file name ({@code V2_1__x.sql} is 2.1). */
    static MigrationVersion version(String file) {
        Matcher m = VERSIONED.matcher(file);
        if (!m.matches()) {
            throw new IllegalArgumentException(file + " is not a versioned migration name V<version>__<description>.sql");
        }
        return MigrationVersion.fromVersion(m.group(1).replace('_', '.'));
    }

    /**
     * SHA-256 (hex) of the content as committed: CRLF read as LF, so that a Windows checkout is not a change (Flyway's
     * own checksum ignores line endings too).
     */
    static String sha256(byte[] content) {
        byte[] lf = new String(content, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lf));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
