package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;
import java.util.Map;

/**
 * Bounds the free-form parameters: they are echoed to the client ({@code state}), stored with the code and put in
 * the ID token ({@code nonce}, at most the column's 512 characters), or shown on the page ({@code login_hint}).
 */
public final class ParameterLengthCheck {
    private static final Map<String, Integer> LIMITS = Map.of("state", 2048, "nonce", 512, "login_hint", 256,
            "ui_locales", 256, "scope", 1024);

    private ParameterLengthCheck() {
    }

    public static void apply(AuthorizationParameters p) {
        LIMITS.forEach((name, max) -> p.single(name).filter(v -> v.length() > max).ifPresent(v -> {
            throw OAuthException.invalidRequest("the parameter '" + name + "' is longer than " + max + " characters");
        }));
    }
}
