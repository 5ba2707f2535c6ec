package io.tokenbooth.server.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.TestServer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading pending authorization requests in tests: the id a page carries, and how many rows the server keeps. */
final class PendingRequests {
    private static final Pattern REQUEST_ID = Pattern.compile("name=\"request_id\" value=\"([A-Za-z0-9_-]{43})\"");

    private PendingRequests() {
    }

    /** The {@code request_id} of the sign-in or consent page in {@code html}; fails the test if there is none. */
    static String id(String html) {
        Matcher m = REQUEST_ID.matcher(html);
        assertThat(m.find()).as("a request_id in %s", html).isTrue();
        return m.group(1);
    }

    /** The rows of {@code pending_authorizations}, expired and completed ones included. */
    static int rows(TestServer server) {
        return server.tokenbooth().services().database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from pending_authorizations");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
