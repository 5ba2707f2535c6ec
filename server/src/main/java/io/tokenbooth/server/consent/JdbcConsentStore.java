package io.tokenbooth.server.consent;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link ConsentStore} on the {@code consents} table; scopes are a JSON array, sorted. A grant reads the row with
 * {@code for update} and writes the union; two first grants racing on the insert are resolved by retrying the loser,
 * which then finds the winner's row.
 */
public final class JdbcConsentStore implements ConsentStore {
    private final Database db;

    public JdbcConsentStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Set<String>> find(String accountId, String clientId) {
        return db.inTransaction(conn -> read(conn, accountId, clientId, false));
    }

    @Override
    public void grant(String accountId, String clientId, Collection<String> scopes, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                db.inTransaction(conn -> {
                    Optional<Set<String>> existing = read(conn, accountId, clientId, true);
                    Set<String> union = new TreeSet<>(scopes);
                    existing.ifPresent(union::addAll);
                    String sql = existing.isPresent()
                            ? "update consents set scopes = ?, granted_at = ? where account_id = ? and client_id = ?"
                            : "insert into consents (scopes, granted_at, account_id, client_id) values (?, ?, ?, ?)";
                    try (PreparedStatement ps = conn.prepareStatement(sql)) {
                        ps.setString(1, Sql.toJsonList(union));
                        Sql.setInstant(ps, 2, now);
                        ps.setString(3, accountId);
                        ps.setString(4, clientId);
                        ps.executeUpdate();
                    }
                    return null;
                });
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !(e.getCause() instanceof SQLException sql && Sql.isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    @Override
    public boolean revoke(String accountId, String clientId) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("delete from consents where account_id = ? and client_id = ?")) {
                ps.setString(1, accountId);
                ps.setString(2, clientId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static Optional<Set<String>> read(Connection conn, String accountId, String clientId, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select scopes from consents where account_id = ? and client_id = ?"
                + (forUpdate ? " for update" : ""))) {
            ps.setString(1, accountId);
            ps.setString(2, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TreeSet<>(Sql.fromJsonList(rs.getString("scopes")))) : Optional.empty();
            }
        }
    }


}
