package io.tokenbooth.server.token.status;

import java.util.OptionalLong;

/** The path of Status List Tokens, and the parsing of a requested id: strict, bounded, never allocating on junk. */
public final class StatusListUris {
    /** The route of one list; {@code {id}} is a positive decimal number. */
    public static final String PATH = "/statuslists";
    private static final int MAX_DIGITS = 18;

    private StatusListUris() {
    }

    public static String of(String issuer, long listId) {
        return issuer + PATH + "/" + listId;
    }

    /** The list id in {@code raw}, or empty for anything that is not 1-18 ASCII digits without a leading zero. */
    public static OptionalLong parseId(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_DIGITS || raw.charAt(0) == '0') {
            return OptionalLong.empty();
        }
        long id = 0;
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch < '0' || ch > '9') {
                return OptionalLong.empty();
            }
            id = id * 10 + (ch - '0');
        }
        return OptionalLong.of(id);
    }
}
