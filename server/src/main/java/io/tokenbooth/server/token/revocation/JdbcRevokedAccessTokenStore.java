package io.tokenbooth.server.token.revocation;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link RevokedAccessTokenStore} on the {@code revoked_access_tokens} table. */
public final class JdbcRevokedAccessTokenStore implements RevokedAccessTokenStore {
    private final Database db;

    public JdbcRevokedAccessTokenStore(Database db) {
        this.db = db;
    }

    @Override
    public void add(RevokedAccessToken token) {
        try {
            db.inTransaction(c -> {
                // Insert unless present, in one statement that H2 (PostgreSQL mode) and PostgreSQL both run.
                try (PreparedStatement ps = c.prepareStatement("insert into revoked_access_tokens (jti, revoked_at, "
                        + "expires_at) select ?, ?, ? where not exists (select 1 from revoked_access_tokens where jti = ?)")) {
                    ps.setString(1, token.jti());
                    Sql.setInstant(ps, 2, token.revokedAt());
                    Sql.setInstant(ps, 3, token.expiresAt());
                    ps.setString(4, token.jti());
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (IllegalStateException e) {
            // Two nodes revoking the same token at once: the other insert won, which is all that was wanted.
            if (!(e.getCause() instanceof SQLException sql && Sql.isUniqueViolation(sql))) {
                throw e;
            }
        }
    }

    @Override
    public List<RevokedAccessToken> revokedSince(Instant since, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select jti, revoked_at, expires_at from revoked_access_tokens where revoked_at >= ? and expires_at > ?")) {
                Sql.setInstant(ps, 1, since);
                Sql.setInstant(ps, 2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    List<RevokedAccessToken> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new RevokedAccessToken(rs.getString("jti"), Sql.getInstant(rs, "revoked_at"),
                                Sql.getInstant(rs, "expires_at")));
                    }
                    return out;
                }
            }
        });
    }
}
