package io.tokenbooth.examples.wallet.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The wallet's own database: an embedded H2 file in the data folder (PostgreSQL mode, AUTO_SERVER so that a second
 * wallet process on the same machine can share it), or PostgreSQL by JDBC URL. Migrates itself on open (Flyway,
 * {@code classpath:db/wallet}). Transactions are READ COMMITTED; correctness under concurrency comes from the wallet
 * row lock and the primary keys, not from the isolation level. Thread-safe.
 */
public final class WalletDatabase implements AutoCloseable {
    private final HikariDataSource pool;

    private WalletDatabase(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens and migrates the database at {@code jdbcUrl}, or the embedded one in {@code dataDir} when it is empty. */
    public static WalletDatabase open(Optional<String> jdbcUrl, Path dataDir, int poolSize) {
        String url = jdbcUrl.orElseGet(() -> embeddedUrl(dataDir));
        if (jdbcUrl.isEmpty() && System.getProperty("h2.bindAddress") == null) {
            // AUTO_SERVER opens a TCP port for the database: only processes on this machine may join.
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (url.startsWith("jdbc:h2:")) {
            hc.setUsername("sa");
        }
        hc.setPoolName("wallet");
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(Math.min(2, poolSize));
        hc.setConnectionTimeout(Duration.ofSeconds(3).toMillis());
        hc.setAutoCommit(false);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource pool = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/wallet").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new WalletDatabase(pool);
    }

    /** The embedded H2 file {@code wallet} in {@code dataDir}. */
    public static String embeddedUrl(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("wallet");
        return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    }

    /** One unit of work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // A broken connection: Hikari evicts it.
                }
                throw e;
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
