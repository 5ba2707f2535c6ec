package io.tokenbooth.server.flow;

import static io.tokenbooth.server.oauth.OAuthTestKit.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.account.JdbcAccountStore;
import io.tokenbooth.server.app.Services;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.oauth.token.RefreshTokenGrant;
import io.tokenbooth.server.oauth.token.TokenIssuer;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.refresh.JdbcRefreshTokenStore;
import io.tokenbooth.server.token.refresh.RefreshFamily;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import io.tokenbooth.server.token.refresh.RefreshTokenState;
import io.tokenbooth.server.token.refresh.RefreshTokenStore;
import io.tokenbooth.server.token.refresh.RotationOutcome;
import io.tokenbooth.server.token.refresh.SuccessorTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One rule for disabled accounts on refresh, shared by {@code /api/v1/refresh} and the {@code refresh_token} grant of
 * {@code /oauth2/token}: the rotation refuses a disabled account's token and ends its family, and a refresh that raced
 * with the disable got a token the disable then ended — on both APIs alike. Run once per database (see the H2 and
 * PostgreSQL subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DisabledAccountRefreshContract {
    private final RunningServer app;
    private OAuthTestKit kit;
    private RegisteredClient web;

    DisabledAccountRefreshContract(RunningServer app) {
        this.app = app;
    }

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        web = kit.webClient();
    }

    private Services services() {
        return app.server().tokenbooth().services();
    }

    /** A refresh token from each API for one new account. */
    private record Tokens(String name, String accountId, String firstParty, String oauth) {
    }

    private Tokens tokens() {
        String name = "dis_" + UUID.randomUUID().toString().substring(0, 8);
        String id = kit.newAccountNamed(name);
        TestServer.Response login = app.server().login(name, PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String oauth = kit.exchange(web, kit.code(web, id).create()).text("refresh_token");
        return new Tokens(name, id, login.text("refresh_token"), oauth);
    }

    private TestServer.Response oauthRefresh(String token) {
        return kit.token(web, "grant_type", "refresh_token", "refresh_token", token);
    }

    /** Sets the flag only, as a disable does first: its families are not revoked (yet). */
    private void flagDisabled(String accountId, boolean disabled) {
        new JdbcAccountStore(services().database).setDisabled(accountId, disabled, app.server().clock.instant());
    }

    private static void assertSameRefusal(TestServer.Response firstParty, TestServer.Response oauth) {
        assertThat(firstParty.status()).as(firstParty.toString()).isEqualTo(400);
        assertThat(firstParty.text("error")).isEqualTo("invalid_grant");
        assertThat(oauth.status()).as(oauth.toString()).isEqualTo(firstParty.status());
        assertThat(oauth.body()).isEqualTo(firstParty.body());
        assertThat(oauth.header("Cache-Control")).isEqualTo(firstParty.header("Cache-Control"));
        assertThat(oauth.header("Content-Type")).isEqualTo(firstParty.header("Content-Type"));
    }

    @Test
    void refreshWhenAccountDisabledThenBothApisRefuseTheSame() {
        Tokens t = tokens();
        services().accounts.setDisabled(t.name(), true);
        assertSameRefusal(app.server().refresh(t.firstParty()), oauthRefresh(t.oauth()));
    }

    @Test
    void refreshWhenOnlyTheFlagIsSetThenBothApisRefuseTheSameAndEndTheFamily() {
        Tokens t = tokens();
        flagDisabled(t.accountId(), true);
        assertSameRefusal(app.server().refresh(t.firstParty()), oauthRefresh(t.oauth()));
        // The refusal ended both families: enabling the account again does not revive them.
        flagDisabled(t.accountId(), false);
        assertSameRefusal(app.server().refresh(t.firstParty()), oauthRefresh(t.oauth()));
        assertThat(services().refreshTokens.find(t.firstParty()).orElseThrow().revoked()).isTrue();
        assertThat(services().refreshTokens.find(t.oauth()).orElseThrow().revoked()).isTrue();
    }

    /**
     * The store's rotation as it is, except that the account is disabled (flag only, as {@code AccountService} does
     * before revoking) right after the rotation commits: the disable that races with a refresh.
     */
    private RefreshTokenStore disablingAfterRotation(String accountId) {
        RefreshTokenStore store = new JdbcRefreshTokenStore(services().database);
        return new RefreshTokenStore() {
            @Override
            public void createFamily(RefreshFamily family, String tokenHash, Instant idleExpiresAt,
                                     AccessTokenMinter.Slot access) {
                store.createFamily(family, tokenHash, idleExpiresAt, access);
            }

            @Override
            public RotationOutcome rotate(String presentedHash, String replacementHash, Instant now,
                                          Instant replacementIdleExpiresAt, String expectedClientId,
                                          Duration reuseGrace, AccessTokenMinter.Slot access) {
                RotationOutcome outcome = store.rotate(presentedHash, replacementHash, now, replacementIdleExpiresAt,
                        expectedClientId, reuseGrace, access);
                flagDisabled(accountId, true);
                return outcome;
            }

            @Override
            public Optional<RefreshTokenState> find(String tokenHash) {
                return store.find(tokenHash);
            }

            @Override
            public boolean revokeFamily(String familyId, Instant now, String reason) {
                return store.revokeFamily(familyId, now, reason);
            }

            @Override
            public int revokeAllForAccount(String accountId, Instant now, String reason) {
                return store.revokeAllForAccount(accountId, now, reason);
            }
        };
    }

    /** The refresh grant as composed in {@code Services}, over {@code store}. */
    private RefreshTokenGrant grantOver(RefreshTokenStore store) {
        Services s = services();
        RefreshTokenService refreshTokens = new RefreshTokenService(store, app.server().clock, Duration.ofDays(14),
                Duration.ofDays(30), Duration.ofSeconds(10),
                new SuccessorTokens(new SecretKeySpec(new byte[32], "HmacSHA256")));
        return new RefreshTokenGrant(refreshTokens, new TokenIssuer(s.minter, s.idTokens, refreshTokens, s.issuer));
    }

    /** A refresh that raced with a disable of the account (the flag set just after the rotation committed). */
    private String racedRefresh(Client client, String accountId, String token) {
        return grantOver(disablingAfterRotation(accountId)).refresh(client, RefreshTokenGrant.Request.of(token))
                .refresh().orElseThrow().token();
    }

    @Test
    void refreshWhenDisableRacesWithTheRotationThenTheTokenItGotIsRefusedTheSameOnBothApis() {
        Tokens first = tokens();
        Tokens second = tokens();
        // The rotation read the account before the disable: it succeeds, on either API alike.
        String firstParty = racedRefresh(services().firstParty, first.accountId(), first.firstParty());
        String oauth = racedRefresh(services().clients.require(web.id()), second.accountId(), second.oauth());
        // The disable completes (AccountService ends every family of the account): what the race got is dead.
        services().accounts.setDisabled(first.name(), true);
        services().accounts.setDisabled(second.name(), true);
        assertSameRefusal(app.server().refresh(firstParty), oauthRefresh(oauth));
    }
}
