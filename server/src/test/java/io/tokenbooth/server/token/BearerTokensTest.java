package io.tokenbooth.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.app.Services;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.token.BearerTokens.Audience;
import io.tokenbooth.verifier.VerifiedToken;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link BearerTokens}, the one bearer check of {@code /api/v1/me}, UserInfo and introspection, called directly
 * on a real server's services (real key ring, deny-list and accounts on H2): each step in its order — verified, not
 * revoked, scope, account exists and enabled — and introspection's branch, which answers without throwing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BearerTokensTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private Services services;
    private BearerTokens bearer;
    private String issuer;
    private String accountId;

    @BeforeAll
    void start() {
        services = app.server().tokenbooth().services();
        bearer = services.bearerTokens;
        issuer = app.server().issuer();
        accountId = new OAuthTestKit(app.server()).newAccountNamed("bearer_owner");
    }

    private String token(String subject, String scope, String audience) {
        return services.minter.mint(new AccessTokenRequest(subject, "some-client", scope, List.of(audience))).value();
    }

    private static void assertRefused(Runnable check, String error, int status) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(OAuthException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.status()).isEqualTo(status);
        });
    }

    @Test
    void whenValidTokenWithScopeThenTheTokenAndItsAccount() {
        BearerTokens.Bearer b = bearer.require(token(accountId, "api openid", issuer), Audience.OWN_API, "api");
        assertThat(b.account().id()).isEqualTo(accountId);
        assertThat(b.token().subject()).isEqualTo(accountId);
        assertThat(bearer.require(token(accountId, "openid", "https://rs.example"), Audience.ANY, "openid")
                .account().username()).isEqualTo("bearer_owner");
    }

    @Test
    void whenOwnApiAndAnotherAudienceThenInvalidToken() {
        assertRefused(() -> bearer.require(token(accountId, "api", "https://rs.example"), Audience.OWN_API, "api"),
                "invalid_token", 401);
    }

    @Test
    void whenMalformedThenInvalidToken() {
        assertRefused(() -> bearer.require("not.a.token", Audience.ANY, "openid"), "invalid_token", 401);
        assertThat(bearer.active("not.a.token")).isEmpty();
    }

    @Test
    void whenScopeMissingThenInsufficientScope() {
        assertRefused(() -> bearer.require(token(accountId, "openid", issuer), Audience.OWN_API, "api"),
                "insufficient_scope", 403);
    }

    @Test
    void whenRevokedThenInvalidTokenBeforeTheScopeIsLookedAt() {
        String token = token(accountId, "openid", issuer);
        VerifiedToken t = services.verifier.verify(token);
        services.denyList.revoke(t.jti(), t.expiresAt());
        // Revoked and lacking the scope: the revocation is what the caller hears (invalid_token, not insufficient_scope).
        assertRefused(() -> bearer.require(token, Audience.OWN_API, "api"), "invalid_token", 401);
        assertThat(bearer.active(token)).isEmpty();
    }

    @Test
    void whenAccountUnknownThenInvalidToken() {
        assertRefused(() -> bearer.require(token(UUID.randomUUID().toString(), "api", issuer), Audience.OWN_API,
                "api"), "invalid_token", 401);
    }

    @Test
    void whenAccountDisabledThenInvalidTokenButIntrospectionStillAnswersFromTheTokenAlone() {
        String id = new OAuthTestKit(app.server()).newAccountNamed("bearer_disabled");
        String token = token(id, "api", issuer);
        assertThat(bearer.require(token, Audience.OWN_API, "api").account().id()).isEqualTo(id);
        services.accounts.setDisabled("bearer_disabled", true);
        assertRefused(() -> bearer.require(token, Audience.OWN_API, "api"), "invalid_token", 401);
        // No database on introspection's path: the token itself is still valid until it expires.
        assertThat(bearer.active(token)).hasValueSatisfying(t -> assertThat(t.subject()).isEqualTo(id));
    }

    @Test
    void whenClientsOwnTokenThenItActsForNoAccountEvenIfItsSubIsAnAccountId() {
        String clientToken = services.minter.mint(AccessTokenRequest.forClient(accountId, "api openid",
                List.of(issuer))).value();
        assertRefused(() -> bearer.require(clientToken, Audience.OWN_API, "api"), "invalid_token", 401);
        assertThat(bearer.active(clientToken)).hasValueSatisfying(t -> assertThat(t.clientOnly()).isTrue());
    }

    @Test
    void whenIntrospectedTwiceThenTheSecondAnswerComesFromTheRememberedToken() {
        String token = token(accountId, "api", "https://rs.example");
        long before = services.verifier.rememberedCount();
        VerifiedToken first = bearer.active(token).orElseThrow();
        assertThat(services.verifier.rememberedCount()).isEqualTo(before + 1);
        assertThat(bearer.active(token)).containsSame(first);
    }
}
