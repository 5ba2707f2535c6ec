package io.tokenbooth.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run inside one transaction by {@link Database#inTransaction}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
