package io.tokenbooth.verifier;

import io.tokenbooth.verifier.TokenRejectedException.Reason;
import java.net.URI;
import java.util.Map;

/**
 * A token's {@code status.status_list} claim (draft-ietf-oauth-status-list §6.2): the list's URI and the token's
 * index in it. The URI must lie under the issuer ({@code <issuer>/…}, no query, fragment, user info or dot
 * segments), so a token cannot make the verifier fetch from anywhere else.
 */
record StatusReference(String uri, int index) {

    /** The token's reference, or null when it has no {@code status} claim; refused when the claim is unusable. */
    static StatusReference of(VerifiedToken token, String issuerPrefix) throws TokenRejectedException {
        Object status = token.claims().getClaim("status");
        if (status == null) {
            return null;
        }
        if (!(status instanceof Map<?, ?> s) || !(s.get("status_list") instanceof Map<?, ?> list)) {
            throw unusable("the access token's status claim is malformed");
        }
        if (!(list.get("uri") instanceof String uri) || !(list.get("idx") instanceof Number idx)
                || idx.longValue() < 0 || idx.longValue() > Integer.MAX_VALUE || idx.doubleValue() != idx.longValue()) {
            throw unusable("the access token's status claim is malformed");
        }
        if (!underIssuer(uri, issuerPrefix)) {
            throw unusable("the access token's status list is not published by its issuer");
        }
        return new StatusReference(uri, idx.intValue());
    }

    private static boolean underIssuer(String uri, String issuerPrefix) {
        if (!uri.startsWith(issuerPrefix) || uri.length() == issuerPrefix.length()) {
            return false;
        }
        try {
            URI u = new URI(uri);
            return u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null
                    && u.normalize().toString().equals(uri) && !uri.contains("%2e") && !uri.contains("%2E");
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static TokenRejectedException unusable(String description) {
        return new TokenRejectedException(Reason.STATUS_UNKNOWN, description);
    }
}
