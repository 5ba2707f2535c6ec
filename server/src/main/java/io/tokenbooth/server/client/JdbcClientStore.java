package io.tokenbooth.server.client;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** {@link ClientStore} on the {@code clients} table; lists are JSON arrays. */
public final class JdbcClientStore implements ClientStore {
    private static final String COLUMNS = "client_id, client_name, secret_hash, token_endpoint_auth_method, jwks, "
            + "redirect_uris, post_logout_redirect_uris, grant_types, scopes, audiences, web_origins, first_party, "
            + "access_token_ttl_seconds, refresh_idle_ttl_seconds, refresh_absolute_ttl_seconds, created_at";

    private final Database db;

    public JdbcClientStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Client c) {
        try {
            db.inTransaction(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("insert into clients (" + COLUMNS
                        + ", updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, c.clientId());
                    ps.setString(2, c.clientName());
                    ps.setString(3, c.secretHash().orElse(null));
                    ps.setString(4, c.authMethod().value());
                    ps.setString(5, c.jwks().orElse(null));
                    ps.setString(6, Sql.toJsonList(c.redirectUris()));
                    ps.setString(7, Sql.toJsonList(c.postLogoutRedirectUris()));
                    ps.setString(8, Sql.toJsonList(c.grantTypes()));
                    ps.setString(9, Sql.toJsonList(c.scopes()));
                    ps.setString(10, Sql.toJsonList(c.audiences()));
                    ps.setString(11, Sql.toJsonList(c.webOrigins()));
                    ps.setBoolean(12, c.firstParty());
                    setSeconds(ps, 13, c.accessTokenTtl());
                    setSeconds(ps, 14, c.refreshIdleTtl());
                    setSeconds(ps, 15, c.refreshAbsoluteTtl());
                    Sql.setInstant(ps, 16, c.createdAt());
                    Sql.setInstant(ps, 17, c.createdAt());
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && Sql.isUniqueViolation(sql)) {
                throw new ClientExistsException();
            }
            throw e;
        }
    }

    @Override
    public Optional<Client> find(String clientId) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select " + COLUMNS + " from clients where client_id = ?")) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Client> list() {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select " + COLUMNS + " from clients order by client_id");
                 ResultSet rs = ps.executeQuery()) {
                List<Client> clients = new ArrayList<>();
                while (rs.next()) {
                    clients.add(read(rs));
                }
                return clients;
            }
        });
    }

    @Override
    public boolean delete(String clientId) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("delete from clients where client_id = ?")) {
                ps.setString(1, clientId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean updateSecretHash(String clientId, String secretHash, Instant now) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "update clients set secret_hash = ?, updated_at = ? where client_id = ?")) {
                ps.setString(1, secretHash);
                Sql.setInstant(ps, 2, now);
                ps.setString(3, clientId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static Client read(ResultSet rs) throws SQLException {
        return new Client(
                rs.getString("client_id"),
                rs.getString("client_name"),
                Optional.ofNullable(rs.getString("secret_hash")),
                AuthMethod.parse(rs.getString("token_endpoint_auth_method")).orElseThrow(),
                Optional.ofNullable(rs.getString("jwks")),
                Sql.fromJsonList(rs.getString("redirect_uris")),
                Sql.fromJsonList(rs.getString("post_logout_redirect_uris")),
                new LinkedHashSet<>(Sql.fromJsonList(rs.getString("grant_types"))),
                new LinkedHashSet<>(Sql.fromJsonList(rs.getString("scopes"))),
                Sql.fromJsonList(rs.getString("audiences")),
                Sql.fromJsonList(rs.getString("web_origins")),
                rs.getBoolean("first_party"),
                seconds(rs, "access_token_ttl_seconds"),
                seconds(rs, "refresh_idle_ttl_seconds"),
                seconds(rs, "refresh_absolute_ttl_seconds"),
                Sql.getInstant(rs, "created_at"));
    }

    private static Optional<Duration> seconds(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(v));
    }

    private static void setSeconds(PreparedStatement ps, int index, Optional<Duration> d) throws SQLException {
        if (d.isPresent()) {
            ps.setInt(index, (int) d.get().toSeconds());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }


}
