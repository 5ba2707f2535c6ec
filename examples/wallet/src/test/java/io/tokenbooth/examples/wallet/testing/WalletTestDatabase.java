package io.tokenbooth.examples.wallet.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database for one test class: an embedded H2 file in a temporary folder, or a new PostgreSQL database on the
 * server named by {@code TOKENBOOTH_TEST_PG} (default the local one), dropped afterwards. Without PostgreSQL the
 * PostgreSQL tests are skipped, and fail instead when {@code CI=true}.
 */
public final class WalletTestDatabase implements AutoCloseable {
    public static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final Path dataDir;
    private final String pgAdminUrl;
    private final String pgName;

    private WalletTestDatabase(Path dataDir, String pgAdminUrl, String pgName) {
        this.dataDir = dataDir;
        this.pgAdminUrl = pgAdminUrl;
        this.pgName = pgName;
    }

    public static WalletTestDatabase h2() {
        return new WalletTestDatabase(tempDir(), null, null);
    }

    public static WalletTestDatabase postgres() {
        String admin = System.getenv().getOrDefault("TOKENBOOTH_TEST_PG", DEFAULT_PG);
        String name = "wallet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            String why = "PostgreSQL unreachable at " + admin + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why + "; CI=true requires it");
            }
            Assumptions.abort("SKIPPED: " + why);
        }
        return new WalletTestDatabase(tempDir(), admin, name);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("wallet-test-");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL for {@code --db}: the new PostgreSQL database, or empty for the embedded H2 in {@link #dataDir}. */
    public Optional<String> jdbcUrl() {
        return pgName == null ? Optional.empty()
                : Optional.of(pgAdminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + pgName + "$1"));
    }

    @Override
    public void close() {
        if (pgName == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(pgAdminUrl); Statement s = c.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + pgName + "'");
            s.execute("drop database if exists " + pgName);
        } catch (SQLException e) {
            System.err.println("could not drop test database " + pgName + ": " + e.getMessage());
        }
    }
}
