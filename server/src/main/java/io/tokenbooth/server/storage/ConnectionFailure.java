package io.tokenbooth.server.storage;

import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Why a database could not be reached, in one line for an operator: the driver's own message ("Connection to
 * 127.0.0.1:5999 refused", "FATAL: password authentication failed for user ...", "FATAL: database ... does not
 * exist"), plus the network cause when the driver's message does not name it (PostgreSQL says only "The connection
 * attempt failed." for a host name that does not resolve). Never the URL's query, so never a credential.
 */
final class ConnectionFailure {
    private ConnectionFailure() {
    }

    static String reason(SQLException e) {
        String reason = oneLine(e.getMessage());
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            String cause = t instanceof UnknownHostException u ? "unknown host " + oneLine(u.getMessage())
                    : t instanceof java.io.IOException io ? oneLine(io.getMessage()) : null;
            if (cause != null && !cause.isEmpty() && !reason.contains(cause)) {
                return reason + " (" + cause + ")";
            }
        }
        return reason;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
