package io.tokenbooth.server.session;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link SsoSessionStore} on the {@code sso_sessions} table; {@code amr} is space-separated. */
public final class JdbcSsoSessionStore implements SsoSessionStore {
    private final Database db;

    public JdbcSsoSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(SsoSession s) {
        db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("insert into sso_sessions (id_hash, account_id, auth_time, "
                    + "amr, last_seen_at, expires_at, revoked_at) values (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.idHash());
                ps.setString(2, s.accountId());
                Sql.setInstant(ps, 3, s.authTime());
                ps.setString(4, String.join(" ", s.amr()));
                Sql.setInstant(ps, 5, s.lastSeenAt());
                Sql.setInstant(ps, 6, s.expiresAt());
                Sql.setInstant(ps, 7, s.revokedAt().orElse(null));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<SsoSession> find(String idHash) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select * from sso_sessions where id_hash = ?")) {
                ps.setString(1, idHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String amr = rs.getString("amr");
                    return Optional.of(new SsoSession(rs.getString("id_hash"), rs.getString("account_id"),
                            Sql.getInstant(rs, "auth_time"),
                            amr == null || amr.isBlank() ? List.of() : Arrays.asList(amr.split(" ")),
                            Sql.getInstant(rs, "last_seen_at"), Sql.getInstant(rs, "expires_at"),
                            Optional.ofNullable(Sql.getInstant(rs, "revoked_at"))));
                }
            }
        });
    }

    @Override
    public void touch(String idHash, Instant now) {
        update("update sso_sessions set last_seen_at = ? where id_hash = ? and last_seen_at < ?", now, idHash, true);
    }

    @Override
    public boolean revoke(String idHash, Instant now) {
        return update("update sso_sessions set revoked_at = ? where id_hash = ? and revoked_at is null", now, idHash, false);
    }

    @Override
    public int revokeAll(String accountId, Instant now) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "update sso_sessions set revoked_at = ? where account_id = ? and revoked_at is null")) {
                Sql.setInstant(ps, 1, now);
                ps.setString(2, accountId);
                return ps.executeUpdate();
            }
        });
    }

    private boolean update(String sql, Instant now, String idHash, boolean nowAgain) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                Sql.setInstant(ps, 1, now);
                ps.setString(2, idHash);
                if (nowAgain) {
                    Sql.setInstant(ps, 3, now);
                }
                return ps.executeUpdate() == 1;
            }
        });
    }
}
