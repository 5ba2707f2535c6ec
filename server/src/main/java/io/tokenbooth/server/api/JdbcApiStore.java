package io.tokenbooth.server.api;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ApiStore} on the {@code apis} table and its {@code api_scopes} (one row per scope, the scope unique). */
public final class JdbcApiStore implements ApiStore {
    private final Database db;

    public JdbcApiStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Api api) {
        try {
            db.inTransaction(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("insert into apis (name, audience, "
                        + "access_token_ttl_seconds, created_at) values (?, ?, ?, ?)")) {
                    ps.setString(1, api.name());
                    ps.setString(2, api.audience());
                    if (api.accessTokenTtl().isPresent()) {
                        ps.setInt(3, (int) api.accessTokenTtl().get().toSeconds());
                    } else {
                        ps.setNull(3, Types.INTEGER);
                    }
                    Sql.setInstant(ps, 4, api.createdAt());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = conn.prepareStatement(
                        "insert into api_scopes (scope, api_name, position) values (?, ?, ?)")) {
                    for (int i = 0; i < api.scopes().size(); i++) {
                        ps.setString(1, api.scopes().get(i));
                        ps.setString(2, api.name());
                        ps.setInt(3, i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && (Sql.isUniqueViolation(sql)
                    || sql.getNextException() != null && Sql.isUniqueViolation(sql.getNextException()))) {
                throw new ApiExistsException();
            }
            throw e;
        }
    }

    @Override
    public Optional<Api> find(String name) {
        return db.inTransaction(conn -> read(conn, " where a.name = ?", name).stream().findFirst());
    }

    @Override
    public List<Api> list() {
        return db.inTransaction(conn -> read(conn, "", null));
    }

    @Override
    public boolean delete(String name) {
        return db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("delete from apis where name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The APIs matching {@code where}, each with its scopes in registration order: one query. */
    private static List<Api> read(Connection conn, String where, String name) throws SQLException {
        Map<String, Api> byName = new LinkedHashMap<>();
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select a.name, a.audience, a.access_token_ttl_seconds, "
                + "a.created_at, s.scope from apis a left join api_scopes s on s.api_name = a.name" + where
                + " order by a.name, s.position")) {
            if (name != null) {
                ps.setString(1, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String n = rs.getString("name");
                    if (!byName.containsKey(n)) {
                        int ttl = rs.getInt("access_token_ttl_seconds");
                        Optional<Duration> accessTtl = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(ttl));
                        byName.put(n, new Api(n, rs.getString("audience"), List.of(), accessTtl,
                                Sql.getInstant(rs, "created_at")));
                        scopes.put(n, new ArrayList<>());
                    }
                    String scope = rs.getString("scope");
                    if (scope != null) {
                        scopes.get(n).add(scope);
                    }
                }
            }
        }
        List<Api> out = new ArrayList<>(byName.size());
        for (Api a : byName.values()) {
            out.add(new Api(a.name(), a.audience(), scopes.get(a.name()), a.accessTokenTtl(), a.createdAt()));
        }
        return out;
    }
}
