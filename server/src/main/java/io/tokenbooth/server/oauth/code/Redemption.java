package io.tokenbooth.server.oauth.code;

import io.tokenbooth.server.token.status.StatusIndex;
import java.time.Instant;
import java.util.Optional;

/** The outcome of presenting an authorization code at the token endpoint. */
public sealed interface Redemption {

    /** First use: the code is now spent. */
    record Fresh(AuthorizationCode code) implements Redemption {
    }

    /**
     * The code was already used: a replay (RFC 9700 §4.2.4). Carries what the first redemption issued so the caller
     * can revoke it: the refresh token family, the access token's {@code jti} with its expiry, and its status list
     * index.
     */
    record Replayed(AuthorizationCode code, Optional<String> refreshFamilyId, Optional<String> accessTokenJti,
                    Optional<Instant> accessTokenExpiresAt, Optional<StatusIndex> accessStatus) implements Redemption {
    }

    /** No such code. */
    record Unknown() implements Redemption {
    }
}
