package io.tokenbooth.server.token.status;

/**
 * One access token's place in a Token Status List (draft-ietf-oauth-status-list §6.1): the list's id and the index
 * in it. Handed out once, never twice.
 */
public record StatusIndex(long listId, int idx) {
    public StatusIndex {
        if (listId <= 0 || idx < 0) {
            throw new IllegalArgumentException("bad status index " + listId + "/" + idx);
        }
    }

    /** The {@code uri} of the token's {@code status_list} claim: {@code <issuer>/statuslists/<id>}. */
    public String uri(String issuer) {
        return StatusListUris.of(issuer, listId);
    }
}
