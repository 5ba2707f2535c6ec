package io.tokenbooth.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import io.tokenbooth.server.config.TokenboothConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and transaction runner. One schema and one code path for H2 (embedded default, run in its
 * PostgreSQL mode) and PostgreSQL. Thread-safe.
 */
public final class Database implements AutoCloseable {
    /** Every request's and command's connections: each carries the statement and lock timeouts. */
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource pool;
    /**
     * Flyway's connections only (the source {@link #migrate} hands to Flyway): no statement timeout, so a migration that rewrites a large table is never cut off
     * half-way; the lock timeout still holds, so a migration's DDL cannot queue every request behind it for long.
     */
    private final HikariDataSource dataSource;
    private final boolean embedded;
    /** The folder of the default embedded database, whose files are made owner-only; empty for any other URL. */
    private final Optional<Path> dataDir;

    private Database(HikariDataSource pool, HikariDataSource migrations, boolean embedded, Optional<Path> dataDir) {
        this.pool = pool;
        this.dataSource = migrations;
        this.embedded = embedded;
        this.dataDir = dataDir;
    }

    /** Opens the pool. Fails fast with a {@link StoreUnavailableException} if the database cannot be reached. */
    public static Database open(TokenboothConfig.Database settings) {
        Optional<Path> dataDir = settings.url().isEmpty() ? Optional.of(settings.dataDir()) : Optional.empty();
        // Before H2 creates anything in it: see DataDirectory.
        dataDir.ifPresent(DataDirectory::prepare);
        if (dataDir.isPresent()) {
            loopbackOnlyAutoServer();
        }
        HikariConfig hc = connectionSettings(settings);
        SessionTimeouts timeouts = SessionTimeouts.of(settings);
        timeouts.sessionSql().ifPresent(hc::setConnectionInitSql);
        hc.setMaximumPoolSize(settings.poolSize());
        hc.setMinimumIdle(Math.min(2, settings.poolSize()));
        hc.setPoolName("tokenbooth");
        // A request waits at most this long for a connection before it is answered 503.
        hc.setConnectionTimeout(Duration.ofSeconds(3).toMillis());
        hc.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        // Keep starting even when the database is down: /health/ready reports it, requests get 503.
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(false);
        // The timeouts are session settings, set in a transaction of their own so that a later rollback keeps them.
        hc.setIsolateInternalQueries(true);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return new Database(new HikariDataSource(hc), migrations(settings, timeouts), settings.embedded(), dataDir);
    }

    private static HikariConfig connectionSettings(TokenboothConfig.Database settings) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl(settings));
        settings.user().ifPresent(hc::setUsername);
        settings.password().ifPresent(hc::setPassword);
        if (settings.user().isEmpty() && jdbcUrl(settings).startsWith("jdbc:h2:")) {
            hc.setUsername("sa");
        }
        return hc;
    }

    /** A small pool that opens connections only while Flyway migrates and lets them go soon after. */
    private static HikariDataSource migrations(TokenboothConfig.Database settings, SessionTimeouts timeouts) {
        HikariConfig hc = connectionSettings(settings);
        hc.setConnectionInitSql(timeouts.migrationSql());
        hc.setPoolName("tokenbooth-migrations");
        hc.setMaximumPoolSize(2);
        hc.setMinimumIdle(0);
        hc.setIdleTimeout(Duration.ofSeconds(10).toMillis());
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }

    /**
     * H2's AUTO_SERVER mode (which lets the CLI join a running server) opens a TCP port for the database, and binds it
     * to every interface unless {@code h2.bindAddress} says otherwise: the embedded database, user {@code sa} without
     * a password, would be one secret (the key in the lock file) away from the network. Only processes on this
     * machine need it. Read by H2 once, when its classes load, so it is set before the first connection; an operator's
     * own {@code -Dh2.bindAddress} wins.
     */
    private static void loopbackOnlyAutoServer() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    /**
     * The embedded H2 URL: file in the data folder, PostgreSQL mode, AUTO_SERVER so the CLI can join a running server,
     * and the page cache of {@code db-h2-cache-mib} when it is not H2's default (H2 counts {@code CACHE_SIZE} in KiB).
     * Only then: a connection that names CACHE_SIZE sets it for the whole open database, also when the CLI joins a
     * running server, so a CLI left at the default must not shrink a server's larger cache.
     */
    public static String jdbcUrl(TokenboothConfig.Database settings) {
        return settings.url().orElseGet(() -> {
            Path file = settings.dataDir().toAbsolutePath().normalize().resolve("tokenbooth");
            String cache = settings.h2CacheMib() == TokenboothConfig.Database.DEFAULT_H2_CACHE_MIB ? ""
                    : ";CACHE_SIZE=" + settings.h2CacheMib() * 1024;
            return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE"
                    + cache;
        });
    }

    /**
     * Applies pending Flyway migrations. Safe to run on every start and from several nodes at once. When the database
     * already has every migration this build carries, Flyway is not loaded at all (see {@link AppliedMigrations}).
     *
     * <p>Out of order on purpose: V2_1 landed after V3, so a database migrated between the two has V3 but not 2.1,
     * which Flyway's validation rejects ("resolved migration not applied") unless pending lower versions may run late.
     * V2_1 only adds nullable columns to a table V3 does not touch, so either order gives the same schema. No other
     * migration may ever sort before one that landed earlier: MigrationManifestTest fails the build if one does
     * (see docs/operations.md, "Migrations").
     */
    public Migrated migrate() {
        MigrateResult result;
        // Held open while Flyway runs, so the embedded database is opened once, not once for the probe and again.
        try (Connection probe = connectDirectly()) {
            Optional<String> current = AppliedMigrations.onClassPath().flatMap(v -> AppliedMigrations.current(probe, v));
            if (current.isPresent()) {
                dataDir.ifPresent(DataDirectory::secureFiles);
                return new Migrated(List.of(), current.get());
            }
            result = Flyway.configure().dataSource(dataSource).locations("classpath:" + AppliedMigrations.LOCATION).outOfOrder(true)
                    .load().migrate();
        } catch (SQLException e) {
            throw new StoreUnavailableException("database migration failed: " + ConnectionFailure.reason(e), e);
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("database migration failed: " + e.getMessage(), e);
        }
        // Every server start and CLI command migrates, so H2 has created its files by now.
        dataDir.ifPresent(DataDirectory::secureFiles);
        List<String> applied = result.migrations.stream().map(m -> "V" + m.version + " " + m.description).toList();
        applied.forEach(m -> LOG.info("applied migration {}", m));
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Migrated(applied, version);
    }

    /**
     * One connection straight from the driver, before Flyway asks the pool: a database that cannot be reached (closed
     * port, unknown host, wrong password or database name) then fails at once with the driver's reason, instead of
     * after the pool's 30 s wait under Hikari's and Flyway's wrapper messages.
     */
    private Connection connectDirectly() {
        DriverDataSource direct = new DriverDataSource(dataSource.getJdbcUrl(), dataSource.getDriverClassName(),
                dataSource.getDataSourceProperties(), dataSource.getUsername(), dataSource.getPassword());
        try {
            return direct.getConnection();
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to the database " + describe() + ": "
                    + ConnectionFailure.reason(e), e);
        }
    }

    /**
     * What {@link #migrate} did: the migrations it applied now ({@code V4 login sources}), in order, and the schema
     * version the database is at afterwards.
     */
    public record Migrated(List<String> applied, String schemaVersion) {
    }

    /**
     * The database, for people: the embedded one's folder, or an external URL without its query or settings (where
     * user names and passwords may be). Never a credential.
     */
    public String describe() {
        if (dataDir.isPresent()) {
            return "embedded H2 in " + dataDir.get().toAbsolutePath().normalize();
        }
        String url = pool.getJdbcUrl();
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return url.substring(0, cut);
    }

    public boolean embedded() {
        return embedded;
    }

    /** True on PostgreSQL, false on H2: for the few statements written in each database's own words. */
    public boolean postgres() {
        return pool.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The connections Flyway migrates with: exempt from the statement timeout. For tests of that exemption. */
    DataSource migrationDataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. Connection failures
     * and statements cut off by the statement or lock timeout become {@link StoreUnavailableException}; other SQL
     * errors are rethrown unchecked as {@link IllegalStateException}.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLTransientConnectionException e) {
            throw new StoreUnavailableException("the database is unavailable", e);
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw new StoreUnavailableException("the database is unavailable", e);
            }
            if (SessionTimeouts.isTimeout(e)) {
                throw new StoreUnavailableException("the database did not answer in time", e);
            }
            throw new IllegalStateException("database error: " + e.getMessage(), e);
        }
    }

    /** True when the database answers a trivial query within two seconds. */
    public boolean isReachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        // SQLSTATE class 08 is "connection exception"; 57P01-03 are PostgreSQL admin shutdown / cannot connect now.
        return state != null && (state.startsWith("08") || state.startsWith("57P") || "90067".equals(state));
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; Hikari evicts it.
        }
    }

    @Override
    public void close() {
        pool.close();
        dataSource.close();
    }
}
