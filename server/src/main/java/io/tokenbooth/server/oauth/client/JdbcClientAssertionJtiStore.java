package io.tokenbooth.server.oauth.client;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * {@link ClientAssertionJtiStore} on the {@code client_assertion_jtis} table, whose primary key (client, jti) makes
 * the insert the atomic check. Each insert first deletes that client's expired rows, so the table stays small without
 * a separate clean-up job.
 */
public final class JdbcClientAssertionJtiStore implements ClientAssertionJtiStore {
    private final Database db;

    public JdbcClientAssertionJtiStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean markUsed(String clientId, String jti, Instant expiresAt, Instant now) {
        try {
            return db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "delete from client_assertion_jtis where client_id = ? and expires_at < ?")) {
                    ps.setString(1, clientId);
                    Sql.setInstant(ps, 2, now);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into client_assertion_jtis (client_id, jti, expires_at) values (?, ?, ?)")) {
                    ps.setString(1, clientId);
                    ps.setString(2, jti);
                    Sql.setInstant(ps, 3, expiresAt);
                    ps.executeUpdate();
                }
                return true;
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && Sql.isUniqueViolation(sql)) {
                return false;
            }
            throw e;
        }
    }
}
