package io.tokenbooth.server.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded data folder ({@code data}): the H2 database with password hashes, encrypted signing keys and token
 * hashes, and {@code master.key}. Only the owner may enter it (0700) and read its files (0600), whatever the process
 * umask.
 * <p>
 * H2 creates its files (database, lock, trace, temporary files) itself with the umask's mode, so the folder is made
 * 0700 before H2 first opens it: files inside are then unreachable to others even before {@link #secureFiles} sets
 * them to 0600 after the database is open. A folder or file found wider than that is tightened and reported with a
 * warning naming the path and both modes (docs/decisions.md, "Issue 15"). On file systems without POSIX
 * permissions nothing is checked. Thread-safe (stateless).
 */
public final class DataDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    /** Creates {@code dir} (0700) if missing, or tightens it if wider, and then every file in it. */
    public static void prepare(Path dir) {
        try {
            Path absolute = dir.toAbsolutePath().normalize();
            if (Files.notExists(absolute) && posix(absolute.getParent())) {
                Files.createDirectories(absolute.getParent());
                try {
                    Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(FOLDER));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // Another process (the server and a CLI command on a fresh folder) made it first.
                }
                // The umask only removes bits from the requested mode, never adds any; nothing more to do.
            } else {
                Files.createDirectories(absolute);
                restrict(absolute, FOLDER, true);
            }
            tighten(absolute, true);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the data folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * After the database is open: sets the files H2 has just created (and any other) to 0600, quietly, since they
     * were never reachable through the 0700 folder.
     */
    public static void secureFiles(Path dir) {
        tighten(dir.toAbsolutePath().normalize(), false);
    }

    /** Sets every regular file directly in {@code dir} to at most 0600. Symbolic links are left alone. */
    private static void tighten(Path dir, boolean warn) {
        if (!posix(dir) || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    restrict(file, FILE, warn, LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot check the permissions of the files in {}: {}", dir, e.getMessage());
        }
    }

    private static boolean posix(Path existing) {
        return existing != null
                && Files.getFileAttributeView(existing, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null;
    }

    /** Removes every permission beyond {@code allowed}; {@code warn}: log the path and both modes (never contents). */
    private static void restrict(Path path, Set<PosixFilePermission> allowed, boolean warn, LinkOption... links) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, links);
        if (view == null) {
            return;
        }
        try {
            Set<PosixFilePermission> actual = view.readAttributes().permissions();
            Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
            kept.addAll(actual);
            kept.retainAll(allowed);
            if (kept.equals(actual)) {
                return;
            }
            if (warn) {
                LOG.warn("{} was open to other users (mode {}); setting it to {}", path, mode(actual), mode(kept));
            }
            view.setPermissions(kept);
        } catch (IOException | SecurityException e) {
            LOG.warn("{} may be open to other users and its mode cannot be changed: {}", path, e.getMessage());
        }
    }

    /** Octal, as {@code ls -l} users read it: {@code 0644}. */
    static String mode(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", bits);
    }
}
