package io.tokenbooth.server.token.status;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tokenbooth.server.http.JsonResponse;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code GET /statuslists/{id}}: the Status List Token (draft-ietf-oauth-status-list §8) as
 * {@code application/statuslist+jwt}, with an {@code ETag} ({@code If-None-Match} → 304) and a public
 * {@code Cache-Control} of the token's {@code ttl} (one second by default) so a CDN may serve it between polls; malformed ids → 404 at once; unknown or purged ids → 404
 * after at most a rate-limited reload of the list of lists ({@link StatusListView#list}); nothing is cached for them. {@code GET /statuslists}: the Status List Aggregation (§9), the URIs of every live list.
 */
public final class StatusListEndpoint {
    private final StatusListTokens tokens;
    private final StatusListView view;
    /**
     * A shared cache may keep a copy as long as the token's {@code ttl} says a consumer may (§13.7): with the default
     * of one second a flipped bit reaches a resource server within ~2 s.
     */
    private final String cacheControl;

    public StatusListEndpoint(StatusListTokens tokens, StatusListView view) {
        this.tokens = tokens;
        this.view = view;
        this.cacheControl = "public, max-age=" + tokens.ttl().toSeconds();
    }

    public void list(Context ctx) {
        OptionalLong id = StatusListUris.parseId(ctx.pathParam("id"));
        var token = id.isPresent() ? tokens.token(id.getAsLong()) : java.util.Optional.<StatusListTokens.Rendered>empty();
        if (token.isEmpty()) {
            JsonResponse.noStore(ctx, HttpStatus.NOT_FOUND.getCode(), Map.of("error", "not_found",
                    "error_description", "no such status list"));
            return;
        }
        StatusListTokens.Rendered r = token.get();
        ctx.header("Cache-Control", cacheControl);
        ctx.header("ETag", r.etag());
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.length() < 1024 && matches(ifNoneMatch, r.etag())) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType(StatusListTokens.MEDIA_TYPE);
        ctx.result(r.jwt());
    }

    /** RFC 9110 §13.1.2: {@code *} or a list of entity tags, compared weakly. */
    private static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    public void aggregation(Context ctx) {
        ctx.header("Cache-Control", cacheControl);
        JsonResponse.send(ctx, HttpStatus.OK.getCode(), Map.of("status_lists",
                view.ids().stream().map(id -> StatusListUris.of(tokens.issuer(), id)).toList()));
    }
}
