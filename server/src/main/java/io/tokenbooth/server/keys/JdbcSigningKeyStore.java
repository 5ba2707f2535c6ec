package io.tokenbooth.server.keys;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link SigningKeyStore} on the {@code signing_keys} table. */
public final class JdbcSigningKeyStore implements SigningKeyStore {
    private final Database db;

    public JdbcSigningKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public List<StoredKey> all() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select kid, alg, public_jwk, private_jwk_enc, created_at, activates_at, retired_at "
                            + "from signing_keys order by created_at, kid");
                 ResultSet rs = ps.executeQuery()) {
                List<StoredKey> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(new StoredKey(rs.getString("kid"), rs.getString("alg"), rs.getString("public_jwk"),
                            rs.getString("private_jwk_enc"), Sql.getInstant(rs, "created_at"),
                            Sql.getInstant(rs, "activates_at"), Sql.getInstant(rs, "retired_at")));
                }
                return keys;
            }
        });
    }

    @Override
    public void insertAndRetireOthers(StoredKey key) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update signing_keys set retired_at = ?, unretired_alg = null "
                            + "where alg = ? and (retired_at is null or retired_at > ?)")) {
                Sql.setInstant(ps, 1, key.activatesAt());
                ps.setString(2, key.alg());
                Sql.setInstant(ps, 3, key.activatesAt());
                ps.executeUpdate();
            }
            insert(c, key);
            return null;
        });
    }

    @Override
    public boolean insertIfNoneActive(StoredKey key) {
        // No check before the insert: two nodes would both pass it. The unique index on unretired_alg (V5) decides,
        // and the node that loses the race learns it from the unique violation.
        try {
            return db.inTransaction(c -> {
                insert(c, key);
                return true;
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && Sql.isUniqueViolation(sql)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String version() {
        // Exact rather than a count or a maximum, which a purge and a rotation together could leave unchanged; the
        // table holds a handful of rows. activates_at never changes for a kid, so kid and retired_at say it all.
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select kid, retired_at from signing_keys order by kid");
                 ResultSet rs = ps.executeQuery()) {
                StringBuilder version = new StringBuilder();
                while (rs.next()) {
                    version.append(rs.getString("kid")).append('@').append(Sql.getInstant(rs, "retired_at")).append(';');
                }
                return version.toString();
            }
        });
    }

    private static void insert(Connection c, StoredKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into signing_keys (kid, alg, public_jwk, private_jwk_enc, created_at, activates_at, retired_at, "
                        + "unretired_alg) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.kid());
            ps.setString(2, key.alg());
            ps.setString(3, key.publicJwk());
            ps.setString(4, key.privateJwkSealed());
            Sql.setInstant(ps, 5, key.createdAt());
            Sql.setInstant(ps, 6, key.activatesAt());
            Sql.setInstant(ps, 7, key.retiredAt());
            ps.setString(8, key.retiredAt() == null ? key.alg() : null);
            ps.executeUpdate();
        }
    }
}
