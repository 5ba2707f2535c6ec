package io.tokenbooth.server.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.account.SignInMethod;
import io.tokenbooth.server.app.Services;
import io.tokenbooth.server.authn.AuthnOutcome;
import io.tokenbooth.server.authn.AuthnOutcome.Failed;
import io.tokenbooth.server.authn.AuthnOutcome.Failure;
import io.tokenbooth.server.authn.Authenticator;
import io.tokenbooth.server.authn.password.PasswordCredentials;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.token.refresh.RefreshFamily;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first-party login adapter: what it issues for the built-in client on success (through the same {@link
 * TokenIssuer} as every grant), and the documented error for each authenticator failure.
 */
class FirstPartyLoginGrantTest {
    private static final String PASSWORD = "juniper-cobalt-ferry-29";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private static Services services() {
        return app.server().tokenbooth().services();
    }

    /** An authenticator that always fails with {@code failure}: the adapter's mapping alone. */
    private static FirstPartyLoginGrant failingWith(Failed failure) {
        Authenticator<PasswordCredentials> fails = new Authenticator<>() {
            @Override
            public SignInMethod method() {
                return SignInMethod.PASSWORD;
            }

            @Override
            public AuthnOutcome authenticate(PasswordCredentials credentials, String source) {
                return failure;
            }
        };
        Services s = services();
        return new FirstPartyLoginGrant(fails, new TokenIssuer(s.minter, s.idTokens, s.refreshTokens, s.issuer),
                s.firstParty);
    }

    private static OAuthException errorFor(Failed failure) {
        return catchThrowableOfType(OAuthException.class,
                () -> failingWith(failure).login(new PasswordCredentials("someone", "pw"), "192.0.2.1"));
    }

    @Test
    void loginWhenPasswordRightThenBuiltInClientTokensWithScopeApiAndAFamilyRememberingTheSignIn() throws Exception {
        String name = "fp_" + UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(name, PASSWORD);
        IssuedTokens issued = services().firstPartyLogin.login(new PasswordCredentials(name, PASSWORD), "192.0.2.2");

        JWTClaimsSet claims = SignedJWT.parse(issued.access().value()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("client_id")).isEqualTo("first-party");
        assertThat(claims.getStringClaim("scope")).isEqualTo("api");
        assertThat(claims.getAudience()).containsExactly(app.server().issuer());
        assertThat(issued.access().expiresIn()).isEqualTo(services().config.tokens().accessTtl().toSeconds());
        assertThat(issued.scope()).contains("api");
        assertThat(issued.idToken()).isEmpty();

        var refresh = issued.refresh().orElseThrow();
        assertThat(refresh.expiresIn()).isEqualTo(services().config.tokens().refreshIdleTtl().toSeconds());
        RefreshFamily family = services().refreshTokens.find(refresh.token()).orElseThrow().family();
        assertThat(family.clientId()).isEqualTo("first-party");
        assertThat(family.scope()).isEqualTo("api");
        assertThat(family.details().amr()).containsExactly("pwd");
        assertThat(family.details().authTime()).isPresent();
        // No audiences recorded: refreshes follow the configured audience.
        assertThat(family.details().audiences()).isEmpty();
        assertThat(family.absoluteExpiresAt()).isEqualTo(family.createdAt()
                .plus(services().config.tokens().refreshAbsoluteTtl()));
    }

    @Test
    void loginWhenWrongCredentialsThenInvalidGrant() {
        OAuthException e = errorFor(new Failed(Failure.WRONG_CREDENTIALS));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.error()).isEqualTo("invalid_grant");
        assertThat(e.description()).isEqualTo("invalid username or password");
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void loginWhenInputMissingThenInvalidRequest() {
        OAuthException e = errorFor(new Failed(Failure.MISSING_INPUT));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.error()).isEqualTo("invalid_request");
        assertThat(e.description()).isEqualTo("username and password are required");
    }

    @Test
    void loginWhenDisabledThenAccessDenied() {
        OAuthException e = errorFor(new Failed(Failure.DISABLED));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.error()).isEqualTo("access_denied");
        assertThat(e.description()).isEqualTo("this account is disabled");
    }

    @Test
    void loginWhenThrottledThenSlowDownWithTheWait() {
        OAuthException e = errorFor(new Failed(Failure.THROTTLED, Optional.of(Duration.ofSeconds(8))));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.error()).isEqualTo("slow_down");
        assertThat(e.description()).isEqualTo("too many failed logins for this username; try again later");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(8));
    }

    @Test
    void loginWhenSourceLimitedThenSlowDownInTheRateLimitersWords() {
        OAuthException e = errorFor(new Failed(Failure.SOURCE_LIMITED, Optional.of(Duration.ofMillis(1500))));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.error()).isEqualTo("slow_down");
        assertThat(e.description()).isEqualTo("too many sign-in requests from this address; slow down");
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void loginWhenBusyThenTemporarilyUnavailableAsASaturatedBulkheadAnywhere() {
        OAuthException e = errorFor(new Failed(Failure.BUSY, Optional.of(Duration.ofSeconds(2))));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.error()).isEqualTo("temporarily_unavailable");
        assertThat(e.description()).isEqualTo("the server is busy; try again shortly");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void loginWhenASecondStepIsNeededThenServerErrorForNowAndNoTokens() {
        OAuthException e = errorFor(new Failed(Failure.NEEDS_SECOND_STEP));
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.error()).isEqualTo("server_error");
    }

    @Test
    void everyFailureHasAnAnswer() {
        for (Failure f : Failure.values()) {
            assertThat(errorFor(new Failed(f, Optional.of(Duration.ofSeconds(1))))).as(f.name()).isNotNull();
        }
        assertThat(List.of(Failure.values())).hasSize(7);
    }
}
