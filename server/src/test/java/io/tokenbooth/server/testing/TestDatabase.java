package io.tokenbooth.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database for one test class: an embedded H2 file in a temporary folder, or a new PostgreSQL database
 * created on the server named by {@code TOKENBOOTH_TEST_PG} (default the local one) and dropped afterwards.
 * PostgreSQL tests are skipped with a message when the server is unreachable, and fail instead when {@code CI=true}.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    public enum Kind { H2, POSTGRES }

    private final Kind kind;
    private final Path dataDir;
    private final String pgAdminUrl;
    private final String pgName;

    private TestDatabase(Kind kind, Path dataDir, String pgAdminUrl, String pgName) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.pgAdminUrl = pgAdminUrl;
        this.pgName = pgName;
    }

    public static TestDatabase create(Kind kind) {
        try {
            Path dir = Files.createTempDirectory("tokenbooth-test-");
            if (kind == Kind.H2) {
                return new TestDatabase(kind, dir, null, null);
            }
            String admin = System.getenv().getOrDefault("TOKENBOOTH_TEST_PG", DEFAULT_PG);
            String name = "tokenbooth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
                s.execute("create database " + name);
            } catch (SQLException e) {
                String why = "PostgreSQL unreachable at " + admin + " (" + e.getMessage() + ")";
                if ("true".equals(System.getenv("CI"))) {
                    Assertions.fail(why + "; CI=true requires it");
                }
                System.err.println("SKIPPED PostgreSQL tests: " + why);
                Assumptions.abort("SKIPPED: " + why);
            }
            return new TestDatabase(kind, dir, admin, name);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Kind kind() {
        return kind;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL of this test database (for PostgreSQL, the created database on the admin URL's server). */
    public String jdbcUrl() {
        if (kind == Kind.H2) {
            return io.tokenbooth.server.storage.Database.jdbcUrl(new io.tokenbooth.server.config.TokenboothConfig.Database(
                    dataDir, java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), 1,
                    java.util.Optional.empty()));
        }
        return pgAdminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + pgName + "$1");
    }

    /** Configuration keys that point Tokenbooth at this database. */
    public Map<String, String> settings() {
        Map<String, String> m = new HashMap<>();
        m.put("data", dataDir.toString());
        if (kind == Kind.POSTGRES) {
            m.put("db", jdbcUrl());
            m.put("master-key", java.util.Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B'));
        }
        return m;
    }

    /** Runs SQL as the PostgreSQL administrator (for outage tests). */
    public void adminSql(String sql) {
        try (Connection c = DriverManager.getConnection(pgAdminUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String pgName() {
        return pgName;
    }

    @Override
    public void close() {
        if (kind == Kind.POSTGRES && pgName != null) {
            try {
                adminSql("alter database " + pgName + " allow_connections true");
                adminSql("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + pgName + "'");
                adminSql("drop database if exists " + pgName);
            } catch (RuntimeException e) {
                System.err.println("could not drop test database " + pgName + ": " + e.getMessage());
            }
        }
    }
}
