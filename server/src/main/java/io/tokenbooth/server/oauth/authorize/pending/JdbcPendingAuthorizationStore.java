package io.tokenbooth.server.oauth.authorize.pending;

import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorization.Authenticated;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link PendingAuthorizationStore} on the {@code pending_authorizations} table: parameters as a JSON object,
 * {@code amr} space-separated.
 */
public final class JdbcPendingAuthorizationStore implements PendingAuthorizationStore {
    private final Database db;

    public JdbcPendingAuthorizationStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(PendingAuthorization p, int maxPerBinding) {
        db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("insert into pending_authorizations (id_hash, binding_hash,"
                    + " client_id, parameters, account_id, amr, auth_time, created_at, expires_at, completed_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, p.idHash());
                ps.setString(2, p.bindingHash());
                ps.setString(3, p.clientId());
                ps.setString(4, ParametersJson.encode(p.parameters()));
                ps.setString(5, p.authenticated().map(Authenticated::accountId).orElse(null));
                ps.setString(6, p.authenticated().map(a -> String.join(" ", a.amr())).orElse(null));
                Sql.setInstant(ps, 7, p.authenticated().map(Authenticated::authTime).orElse(null));
                Sql.setInstant(ps, 8, p.createdAt());
                Sql.setInstant(ps, 9, p.expiresAt());
                Sql.setInstant(ps, 10, p.completedAt().orElse(null));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("delete from pending_authorizations where binding_hash = ?"
                    + " and id_hash not in (select id_hash from pending_authorizations where binding_hash = ?"
                    + " order by created_at desc, id_hash desc limit ?)")) {
                ps.setString(1, p.bindingHash());
                ps.setString(2, p.bindingHash());
                ps.setInt(3, maxPerBinding);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<PendingAuthorization> find(String idHash) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select * from pending_authorizations where id_hash = ?")) {
                ps.setString(1, idHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean recordAuthentication(String idHash, Authenticated a, Instant now) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("update pending_authorizations set account_id = ?, amr = ?,"
                    + " auth_time = ? where id_hash = ? and completed_at is null and expires_at > ?")) {
                ps.setString(1, a.accountId());
                ps.setString(2, String.join(" ", a.amr()));
                Sql.setInstant(ps, 3, a.authTime());
                ps.setString(4, idHash);
                Sql.setInstant(ps, 5, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean complete(String idHash, String bindingHash, Instant now) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("update pending_authorizations set completed_at = ?"
                    + " where id_hash = ? and binding_hash = ? and completed_at is null and expires_at > ?")) {
                Sql.setInstant(ps, 1, now);
                ps.setString(2, idHash);
                ps.setString(3, bindingHash);
                Sql.setInstant(ps, 4, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static PendingAuthorization read(ResultSet rs) throws SQLException {
        String accountId = rs.getString("account_id");
        Optional<Authenticated> authenticated = Optional.empty();
        if (accountId != null) {
            String amr = rs.getString("amr");
            authenticated = Optional.of(new Authenticated(accountId,
                    amr == null || amr.isBlank() ? List.of() : Arrays.asList(amr.split(" ")),
                    Sql.getInstant(rs, "auth_time")));
        }
        return new PendingAuthorization(rs.getString("id_hash"), rs.getString("binding_hash"),
                rs.getString("client_id"), ParametersJson.decode(rs.getString("parameters")), authenticated,
                Sql.getInstant(rs, "created_at"), Sql.getInstant(rs, "expires_at"),
                Optional.ofNullable(Sql.getInstant(rs, "completed_at")));
    }
}
