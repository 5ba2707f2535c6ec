package io.tokenbooth.server.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;

/**
 * Conversions shared by the JDBC stores. Instants are stored in {@code timestamp} columns as UTC wall-clock time, so
 * H2 and PostgreSQL agree whatever the server's time zone.
 */
public final class Sql {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private Sql() {
    }

    public static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            // Truncate to the databases' microsecond precision: rounding up could put a stored instant in the future.
            ps.setObject(index, LocalDateTime.ofInstant(value.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** A list of strings as stored in a text column: a JSON array. */
    public static String toJsonList(Collection<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The list stored by {@link #toJsonList}; {@code null} (a column left empty) is the empty list. */
    public static List<String> fromJsonList(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt list column: " + e.getOriginalMessage());
        }
    }

    public static boolean isUniqueViolation(SQLException e) {
        // 23505 is unique_violation in PostgreSQL and H2.
        return "23505".equals(e.getSQLState());
    }
}
