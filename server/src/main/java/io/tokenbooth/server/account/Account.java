package io.tokenbooth.server.account;

import java.time.Instant;
import java.util.Optional;

/** A user account. {@code passwordHash} is a PHC string and never leaves the server. */
public record Account(String id, String username, Optional<String> email, String passwordHash, boolean disabled,
                      Instant createdAt) {
}
