package io.tokenbooth.server.token;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tokenbooth.server.token.status.StatusIndex;
import io.tokenbooth.server.token.status.StatusListUris;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code status} claim of an access token (draft-ietf-oauth-status-list §6.1):
 * {@code {"status_list": {"idx": N, "uri": "<issuer>/statuslists/<id>"}}}. Written by the minter, read back from a
 * verified token of this issuer by the bearer checks and revocation.
 */
public final class StatusClaim {
    public static final String NAME = "status";

    private StatusClaim() {
    }

    public static Map<String, Object> of(StatusIndex index, String issuer) {
        return Map.of("status_list", Map.of("idx", index.idx(), "uri", index.uri(issuer)));
    }

    /** The claim as {@link #of}, written as the next field of the object {@code g} is writing (the minter's path). */
    static void write(JsonGenerator g, StatusIndex index, String issuer) throws IOException {
        g.writeObjectFieldStart(NAME);
        g.writeObjectFieldStart("status_list");
        g.writeNumberField("idx", index.idx());
        g.writeStringField("uri", index.uri(issuer));
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The index in a claims set this issuer signed, or empty when it has none or not one of ours. */
    public static Optional<StatusIndex> read(Map<String, Object> claims, String issuer) {
        if (!(claims.get(NAME) instanceof Map<?, ?> status)
                || !(status.get("status_list") instanceof Map<?, ?> list)
                || !(list.get("idx") instanceof Number idx)
                || !(list.get("uri") instanceof String uri)) {
            return Optional.empty();
        }
        String prefix = issuer + StatusListUris.PATH + "/";
        if (!uri.startsWith(prefix)) {
            return Optional.empty();
        }
        var id = StatusListUris.parseId(uri.substring(prefix.length()));
        long i = idx.longValue();
        if (id.isEmpty() || i < 0 || i > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new StatusIndex(id.getAsLong(), (int) i));
    }
}
