package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code max_age} (OpenID Connect Core §3.1.2.1): a non-negative number of seconds. */
public final class MaxAgeCheck {
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,10}");

    private MaxAgeCheck() {
    }

    public static Optional<Long> apply(AuthorizationParameters p) {
        Optional<String> raw = p.single("max_age");
        if (raw.isPresent() && !SECONDS.matcher(raw.get()).matches()) {
            throw OAuthException.invalidRequest("max_age must be a non-negative integer number of seconds");
        }
        return raw.map(Long::parseLong);
    }
}
