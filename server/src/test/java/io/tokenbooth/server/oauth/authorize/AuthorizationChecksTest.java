package io.tokenbooth.server.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.authorize.check.MaxAgeCheck;
import io.tokenbooth.server.oauth.authorize.check.PkceCheck;
import io.tokenbooth.server.oauth.authorize.check.PromptCheck;
import io.tokenbooth.server.oauth.authorize.check.ScopeCheck;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The named checks on their own, for the edges the HTTP tests do not spell out. */
class AuthorizationChecksTest {
    private static final String CHALLENGE = AuthorizeUrl.challenge("verifier-verifier-verifier-verifier-verifier");

    private static Client client(boolean publicClient, String... scopes) {
        return new Client("c", "C", Optional.empty(), publicClient ? AuthMethod.NONE : AuthMethod.CLIENT_SECRET_BASIC,
                Optional.empty(), List.of("https://app.example.test/cb"), List.of(), Set.of("authorization_code"),
                new LinkedHashSet<>(List.of(scopes)), List.of(), List.of(), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Instant.EPOCH);
    }

    private static AuthorizationParameters params(String... nameValues) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.computeIfAbsent(nameValues[i], k -> new java.util.ArrayList<>()).add(nameValues[i + 1]);
        }
        return AuthorizationParameters.of(m);
    }

    private static String error(Runnable r) {
        try {
            r.run();
        } catch (OAuthException e) {
            return e.error();
        }
        return "none";
    }

    @Test
    void scopeWhenOmittedThenClientScopesWithoutOpenidElseExactlyTheRequestedOnes() {
        Client c = client(true, "openid", "profile", "email");
        assertThat(ScopeCheck.apply(params(), c)).containsExactly("email", "profile");
        assertThat(ScopeCheck.apply(params("scope", "profile  openid profile"), c)).containsExactly("profile", "openid");
        assertThat(error(() -> ScopeCheck.apply(params("scope", "openid admin"), c))).isEqualTo("invalid_scope");
        assertThat(error(() -> ScopeCheck.apply(params("scope", "a\"b"), c))).isEqualTo("invalid_scope");
    }

    @Test
    void pkceWhenS256With43CharactersThenAcceptedOtherwiseInvalidRequest() {
        Client pub = client(true);
        assertThat(PkceCheck.apply(params("code_challenge", CHALLENGE, "code_challenge_method", "S256"), pub))
                .contains(CHALLENGE);
        assertThat(error(() -> PkceCheck.apply(params("code_challenge", CHALLENGE, "code_challenge_method", "s256"), pub)))
                .isEqualTo("invalid_request");
        assertThat(error(() -> PkceCheck.apply(params("code_challenge", CHALLENGE + "A", "code_challenge_method", "S256"), pub)))
                .isEqualTo("invalid_request");
        assertThat(error(() -> PkceCheck.apply(params("code_challenge_method", "S256"), client(false))))
                .isEqualTo("invalid_request");
        assertThat(PkceCheck.apply(params(), client(false))).isEmpty();
    }

    @Test
    void promptWhenNoneAloneOrOthersCombinedThenAcceptedElseInvalidRequest() {
        assertThat(PromptCheck.apply(params("prompt", "none"))).containsExactly("none");
        assertThat(PromptCheck.apply(params("prompt", "login consent select_account"))).hasSize(3);
        assertThat(PromptCheck.apply(params())).isEmpty();
        assertThat(error(() -> PromptCheck.apply(params("prompt", "consent none")))).isEqualTo("invalid_request");
        assertThat(error(() -> PromptCheck.apply(params("prompt", "create")))).isEqualTo("invalid_request");
    }

    @Test
    void maxAgeWhenDigitsThenSecondsElseInvalidRequest() {
        assertThat(MaxAgeCheck.apply(params("max_age", "0"))).contains(0L);
        assertThat(MaxAgeCheck.apply(params("max_age", "86400"))).contains(86400L);
        assertThat(error(() -> MaxAgeCheck.apply(params("max_age", "1e3")))).isEqualTo("invalid_request");
        assertThat(error(() -> MaxAgeCheck.apply(params("max_age", "99999999999")))).isEqualTo("invalid_request");
    }

    @Test
    void parametersWhenSentEmptyThenTreatedAsOmitted() {
        AuthorizationParameters p = params("state", "", "scope", "", "scope", "openid");
        assertThat(p.has("state")).isFalse();
        assertThat(p.single("scope")).contains("openid");
    }

    @Test
    void responsesWhenBuiltThenParametersAppendedAndEncoded() {
        assertThat(AuthorizationResponses.success("https://a.test/cb", "c0de", Optional.of("x y"), "https://idp.test"))
                .isEqualTo("https://a.test/cb?code=c0de&state=x%20y&iss=https%3A%2F%2Fidp.test");
        assertThat(AuthorizationResponses.error("com.example.app:/cb?x=1", OAuthException.invalidRequest("bad \"q\" é"),
                Optional.empty(), "https://idp.test"))
                .isEqualTo("com.example.app:/cb?x=1&error=invalid_request&error_description=bad%20%3Fq%3F%20%3F"
                        + "&iss=https%3A%2F%2Fidp.test");
    }
}
