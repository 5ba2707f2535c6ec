package io.tokenbooth.server.oauth.client;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * {@link ClientAssertionJtiStore} on the {@code client_assertion_jtis} table, whose primary key (client, jti) makes
 * the insert the atomic check. A pair whose row has expired may be used again: the refused insert is followed by a
 * conditional update that takes over the expired row (one winner among concurrent callers). Expired rows are deleted
 * by {@code storage.Retention}, with every other expired row, not on each insert.
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
                return reuseExpired(clientId, jti, expiresAt, now);
            }
            throw e;
        }
    }

    /** The pair is recorded: taken over if its row has expired (a compare-and-set on the expiry), else a replay. */
    private boolean reuseExpired(String clientId, String jti, Instant expiresAt, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update client_assertion_jtis set expires_at = ?"
                    + " where client_id = ? and jti = ? and expires_at < ?")) {
                Sql.setInstant(ps, 1, expiresAt);
                ps.setString(2, clientId);
                ps.setString(3, jti);
                Sql.setInstant(ps, 4, now);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
