package io.tokenbooth.server.oauth.authorize.check;

import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.AuthorizationParameters;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code prompt} (OpenID Connect Core §3.1.2.1): space-separated {@code none}, {@code login}, {@code consent},
 * {@code select_account}; {@code none} with any other value, or an unknown value, is {@code invalid_request}.
 */
public final class PromptCheck {
    private static final Set<String> VALUES = Set.of("none", "login", "consent", "select_account");

    private PromptCheck() {
    }

    public static Set<String> apply(AuthorizationParameters p) {
        Set<String> prompts = new LinkedHashSet<>();
        for (String value : p.single("prompt").orElse("").split(" ")) {
            if (value.isEmpty()) {
                continue;
            }
            if (!VALUES.contains(value)) {
                throw OAuthException.invalidRequest("unsupported prompt value; supported: none, login, consent, select_account");
            }
            prompts.add(value);
        }
        if (prompts.contains("none") && prompts.size() > 1) {
            throw OAuthException.invalidRequest("prompt=none cannot be combined with other prompt values");
        }
        return prompts;
    }
}
