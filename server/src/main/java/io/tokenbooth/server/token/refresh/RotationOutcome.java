package io.tokenbooth.server.token.refresh;

import java.time.Instant;

/** What happened when a refresh token was presented for rotation. */
public sealed interface RotationOutcome {

    /** The token was current: it is now spent and {@code replacement} was issued in the same family. */
    record Rotated(RefreshFamily family) implements RotationOutcome {
    }

    /**
     * The token was spent moments ago by the same client, within the reuse grace, and its successor is still
     * current: a retry of that rotation, answered with the same successor. Nothing changed.
     */
    record Retried(RefreshFamily family, Instant successorIdleExpiresAt) implements RotationOutcome {
    }

    /** The token had already been spent: the whole family has now been revoked (RFC 9700 §4.14.2). */
    record Reused(RefreshFamily family) implements RotationOutcome {
    }

    /** The token or its family has expired, or the family was revoked earlier. Nothing changed. */
    record Ended(String reason) implements RotationOutcome {
    }

    /**
     * The token belongs to another client than the one presenting it (RFC 6749 §6: refresh tokens are bound to their
     * client). Nothing changed: the token is not spent and its family goes on.
     */
    record WrongClient() implements RotationOutcome {
    }

    /** No token has this hash. */
    record Unknown() implements RotationOutcome {
    }
}
