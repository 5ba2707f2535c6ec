package io.tokenbooth.server.oauth.code;

import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import io.tokenbooth.server.token.status.StatusIndex;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link AuthorizationCodeStore} on the {@code authorization_codes} table. */
public final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore {
    private final Database db;

    public JdbcAuthorizationCodeStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(String codeHash, AuthorizationCode c) {
        db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("insert into authorization_codes (code_hash, client_id, "
                    + "account_id, redirect_uri, scope, audiences, nonce, code_challenge, auth_time, amr, issued_at, "
                    + "expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, codeHash);
                ps.setString(2, c.clientId());
                ps.setString(3, c.accountId());
                ps.setString(4, c.redirectUri());
                ps.setString(5, c.scope());
                ps.setString(6, Sql.toJsonList(c.audiences()));
                ps.setString(7, c.nonce().orElse(null));
                ps.setString(8, c.codeChallenge().orElse(null));
                Sql.setInstant(ps, 9, c.authTime());
                ps.setString(10, String.join(" ", c.amr()));
                Sql.setInstant(ps, 11, c.issuedAt());
                Sql.setInstant(ps, 12, c.expiresAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Redemption redeem(String codeHash, Instant now) {
        return db.inTransaction(conn -> {
            AuthorizationCode code;
            boolean redeemed;
            Optional<String> family;
            Optional<String> jti;
            Optional<Instant> jtiExpires;
            Optional<StatusIndex> status;
            try (PreparedStatement ps = conn.prepareStatement("select * from authorization_codes where code_hash = ?")) {
                ps.setString(1, codeHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Redemption.Unknown();
                    }
                    code = read(rs);
                    redeemed = rs.getObject("redeemed_at") != null;
                    family = Optional.ofNullable(rs.getString("refresh_family_id"));
                    jti = Optional.ofNullable(rs.getString("access_token_jti"));
                    jtiExpires = Optional.ofNullable(Sql.getInstant(rs, "access_token_expires_at"));
                    long list = rs.getLong("access_status_list");
                    status = rs.wasNull() ? Optional.empty()
                            : Optional.of(new StatusIndex(list, rs.getInt("access_status_idx")));
                }
            }
            if (!redeemed) {
                try (PreparedStatement ps = conn.prepareStatement(
                        "update authorization_codes set redeemed_at = ? where code_hash = ? and redeemed_at is null")) {
                    Sql.setInstant(ps, 1, now);
                    ps.setString(2, codeHash);
                    if (ps.executeUpdate() == 1) {
                        return new Redemption.Fresh(code);
                    }
                }
            }
            return new Redemption.Replayed(code, family, jti, jtiExpires, status);
        });
    }

    @Override
    public void recordIssued(String codeHash, String refreshFamilyId, String accessTokenJti, Instant accessTokenExpiresAt,
                             StatusIndex accessStatus) {
        db.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("update authorization_codes set refresh_family_id = ?, "
                    + "access_token_jti = ?, access_token_expires_at = ?, access_status_list = ?, access_status_idx = ? "
                    + "where code_hash = ?")) {
                ps.setString(1, refreshFamilyId);
                ps.setString(2, accessTokenJti);
                Sql.setInstant(ps, 3, accessTokenExpiresAt);
                ps.setObject(4, accessStatus == null ? null : accessStatus.listId(), java.sql.Types.BIGINT);
                ps.setObject(5, accessStatus == null ? null : accessStatus.idx(), java.sql.Types.INTEGER);
                ps.setString(6, codeHash);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static AuthorizationCode read(ResultSet rs) throws SQLException {
        String amr = rs.getString("amr");
        return new AuthorizationCode(rs.getString("client_id"), rs.getString("account_id"), rs.getString("redirect_uri"),
                rs.getString("scope"), Sql.fromJsonList(rs.getString("audiences")), Optional.ofNullable(rs.getString("nonce")),
                Optional.ofNullable(rs.getString("code_challenge")), Sql.getInstant(rs, "auth_time"),
                amr == null || amr.isBlank() ? List.of() : Arrays.asList(amr.split(" ")),
                Sql.getInstant(rs, "issued_at"), Sql.getInstant(rs, "expires_at"));
    }
}
