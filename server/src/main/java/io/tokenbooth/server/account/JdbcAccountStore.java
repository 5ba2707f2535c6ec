package io.tokenbooth.server.account;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** {@link AccountStore} on the {@code accounts} table. */
public final class JdbcAccountStore implements AccountStore {
    private static final String COLUMNS = "id, username, email, password_hash, disabled, created_at";
    private final Database db;

    public JdbcAccountStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Account account, Username username) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into accounts (id, username, username_key, username_skeleton, email, password_hash, "
                                + "disabled, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, account.id());
                    ps.setString(2, username.display());
                    ps.setString(3, username.key());
                    ps.setString(4, username.skeleton());
                    ps.setString(5, account.email().orElse(null));
                    ps.setString(6, account.passwordHash().orElse(null));
                    ps.setBoolean(7, account.disabled());
                    Sql.setInstant(ps, 8, account.createdAt());
                    Sql.setInstant(ps, 9, account.createdAt());
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && Sql.isUniqueViolation(sql)) {
                throw new UsernameTakenException();
            }
            throw e;
        }
    }

    @Override
    public Optional<Account> findByKey(String usernameKey) {
        return findOne("username_key", usernameKey);
    }

    @Override
    public Optional<Account> findById(String id) {
        return findOne("id", id);
    }

    private Optional<Account> findOne(String column, String value) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from accounts where " + column + " = ?")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(rs.getString("id"), rs.getString("username"),
                            Optional.ofNullable(rs.getString("email")), Optional.ofNullable(rs.getString("password_hash")),
                            rs.getBoolean("disabled"), Sql.getInstant(rs, "created_at")));
                }
            }
        });
    }

    @Override
    public boolean updatePasswordHash(String id, String passwordHash, Instant now) {
        return update("update accounts set password_hash = ?, updated_at = ? where id = ?", passwordHash, now, id);
    }

    @Override
    public boolean setDisabled(String id, boolean disabled, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update accounts set disabled = ?, updated_at = ? where id = ?")) {
                ps.setBoolean(1, disabled);
                Sql.setInstant(ps, 2, now);
                ps.setString(3, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private boolean update(String sql, String value, Instant now, String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, value);
                Sql.setInstant(ps, 2, now);
                ps.setString(3, id);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
