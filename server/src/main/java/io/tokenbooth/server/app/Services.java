package io.tokenbooth.server.app;

import io.tokenbooth.server.account.AccountService;
import io.tokenbooth.server.api.ApiService;
import io.tokenbooth.server.api.JdbcApiStore;
import io.tokenbooth.server.api.RegisteredApis;
import io.tokenbooth.server.account.JdbcAccountStore;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.account.password.BreachedPasswords;
import io.tokenbooth.server.account.password.HashingBulkhead;
import io.tokenbooth.server.account.password.PasswordHasher;
import io.tokenbooth.server.account.password.PasswordPolicy;
import io.tokenbooth.server.authn.password.JdbcLoginThrottleStore;
import io.tokenbooth.server.authn.password.PasswordAuthenticator;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.client.FirstPartyClient;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.client.JdbcClientStore;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.consent.ConsentService;
import io.tokenbooth.server.consent.JdbcConsentStore;
import io.tokenbooth.server.keys.CryptoProviders;
import io.tokenbooth.server.keys.JdbcSigningKeyStore;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.MasterKey;
import io.tokenbooth.server.oauth.client.CachingClientStore;
import io.tokenbooth.server.oauth.client.ClientAssertionVerifier;
import io.tokenbooth.server.oauth.client.ClientAuthenticator;
import io.tokenbooth.server.oauth.client.JdbcClientAssertionJtiStore;
import io.tokenbooth.server.oauth.code.AuthorizationCodeStore;
import io.tokenbooth.server.oauth.code.JdbcAuthorizationCodeStore;
import io.tokenbooth.server.oauth.token.AuthorizationCodeGrant;
import io.tokenbooth.server.oauth.token.FirstPartyLoginGrant;
import io.tokenbooth.server.oauth.token.ClientCredentialsGrant;
import io.tokenbooth.server.oauth.token.RefreshTokenGrant;
import io.tokenbooth.server.oauth.token.TokenGrants;
import io.tokenbooth.server.oauth.token.TokenIssuer;
import io.tokenbooth.server.oidc.IdTokenMinter;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Retention;
import io.tokenbooth.server.session.JdbcSsoSessionStore;
import io.tokenbooth.server.session.SsoSessionService;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.AccessTokenVerifier;
import io.tokenbooth.server.token.BearerTokens;
import io.tokenbooth.server.token.refresh.JdbcRefreshTokenStore;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
import io.tokenbooth.server.token.refresh.SuccessorTokens;
import io.tokenbooth.server.token.revocation.AccessTokenDenyList;
import io.tokenbooth.server.token.revocation.JdbcRevokedAccessTokenStore;
import io.tokenbooth.server.token.status.JdbcStatusListStore;
import io.tokenbooth.server.token.status.StatusIndexAllocator;
import io.tokenbooth.server.token.status.StatusListTokens;
import io.tokenbooth.server.token.status.StatusListView;
import java.time.Clock;
import java.time.Duration;

/**
 * The composition root of everything but HTTP: stores, services and their settings, wired with plain constructors.
 * Used by the server and by the CLI commands alike.
 */
public final class Services implements AutoCloseable {
    public final TokenboothConfig config;
    public final String issuer;
    public final Clock clock;
    public final Database database;
    public final KeyService keys;
    public final HashingBulkhead bulkhead;
    public final AccountService accounts;
    /**
     * The authenticators, one per sign-in method; the login pages and the first-party API compose them. A new
     * method is a class and a line here.
     */
    public final PasswordAuthenticator passwords;
    public final RefreshTokenService refreshTokens;
    public final AccessTokenMinter minter;
    public final AccessTokenVerifier verifier;
    /** The built-in client of the first-party API, built from configuration: never stored or listed. */
    public final Client firstParty;
    /** {@code /api/v1/login}: the password authenticator, then the same issuing as every grant. */
    public final FirstPartyLoginGrant firstPartyLogin;
    /** The one bearer-token check of {@code /api/v1/me}, UserInfo and introspection. */
    public final BearerTokens bearerTokens;
    public final ClientService clients;
    public final AuthorizationCodeStore codes;
    /** The client store behind {@link #clients}, with its short per-node cache. */
    public final CachingClientStore clientStore;
    /** Registered APIs: the operator's registry, and the cached view the token paths read. */
    public final ApiService apis;
    public final RegisteredApis registeredApis;
    public final AccessTokenDenyList denyList;
    /** This node's copy of the Token Status Lists (issue 7): the bits introspection and the bearer checks read. */
    public final StatusListView statusLists;
    /** The signed Status List Tokens served at {@code /statuslists/{id}}. */
    public final StatusListTokens statusListTokens;
    public final ClientAuthenticator clientAuthenticator;
    public final IdTokenMinter idTokens;
    /** The token endpoint's grant types, composed here in one list. */
    public final TokenGrants grants;
    /** The {@code refresh_token} grant, also behind {@code /api/v1/refresh} for the built-in client. */
    public final RefreshTokenGrant refreshGrant;
    /** Browser sign-ins (SSO sessions) and remembered consents, for the authorization and end-session endpoints. */
    public final SsoSessionService ssoSessions;
    public final ConsentService consents;
    /** Every periodic deletion of expired rows; run by the housekeeping thread of a server. */
    public final Retention retention;
    private final Housekeeping housekeeping;

    private Services(TokenboothConfig config, String issuer, Clock clock) {
        this.config = config;
        this.issuer = issuer;
        this.clock = clock;
        CryptoProviders.installInBackground(config.cryptoProvider());
        MasterKey masterKey = MasterKey.load(config.database());
        this.database = Database.open(config.database());
        var tokens = config.tokens();
        this.keys = new KeyService(new JdbcSigningKeyStore(database), masterKey, clock, this::longestTokenLifetime);
        var pw = config.passwords();
        PasswordHasher hasher = new PasswordHasher(pw.argon2MemoryKib(), pw.argon2Iterations(), pw.argon2Parallelism());
        this.bulkhead = HashingBulkhead.forPasswords(pw.hashThreads(), pw.hashQueue(), pw.argon2MemoryKib());
        var accountStore = new JdbcAccountStore(database);
        this.refreshTokens = new RefreshTokenService(new JdbcRefreshTokenStore(database), clock,
                tokens.refreshIdleTtl(), tokens.refreshAbsoluteTtl(), tokens.refreshReuseGrace(),
                new SuccessorTokens(masterKey.derive(SuccessorTokens.KEY_PURPOSE)));
        this.accounts = new AccountService(accountStore, new UsernamePolicy(),
                new PasswordPolicy(BreachedPasswords.bundled()), hasher, bulkhead, refreshTokens, clock);
        this.passwords = new PasswordAuthenticator(accountStore, new JdbcLoginThrottleStore(database), hasher,
                bulkhead, config.rateLimits(), clock);
        String audience = config.audienceFor(issuer);
        var statusStore = new JdbcStatusListStore(database);
        this.statusLists = new StatusListView(statusStore);
        var lists = config.statusLists();
        this.statusListTokens = new StatusListTokens(statusLists, keys, clock, issuer, tokens.algorithm(), lists.ttl(),
                lists.lifetime());
        refreshTokens.afterRevocation(this::refreshStatusListsQuietly);
        this.minter = new AccessTokenMinter(keys, clock, issuer, tokens.algorithm(), tokens.accessTtl(),
                new StatusIndexAllocator(statusStore, clock, new StatusIndexAllocator.Settings(lists.window(),
                        lists.blockSize(), lists.capacity()),
                        this::longestAccessTokenLifetime));
        this.verifier = new AccessTokenVerifier(keys, clock, issuer, audience, tokens.clockSkew());
        this.firstParty = FirstPartyClient.of(audience, tokens.accessTtl(), tokens.refreshIdleTtl(),
                tokens.refreshAbsoluteTtl());
        this.clientStore = new CachingClientStore(new JdbcClientStore(database));
        this.clients = new ClientService(clientStore, clock);
        this.codes = new JdbcAuthorizationCodeStore(database);
        var oauth = config.oauth();
        this.denyList = new AccessTokenDenyList(new JdbcRevokedAccessTokenStore(database), clock, tokens.clockSkew());
        this.bearerTokens = new BearerTokens(verifier, denyList, accounts, statusLists, issuer);
        this.clientAuthenticator = new ClientAuthenticator(clients, new ClientAssertionVerifier(clients,
                new JdbcClientAssertionJtiStore(database), clock, issuer, tokens.clockSkew()));
        this.idTokens = new IdTokenMinter(keys, clock, issuer, oauth.idTokenAlgorithm(), oauth.idTokenTtl());
        var apiStore = new JdbcApiStore(database);
        this.registeredApis = new RegisteredApis(apiStore);
        this.apis = new ApiService(apiStore, registeredApis, clock);
        TokenIssuer tokenIssuer = new TokenIssuer(minter, idTokens, refreshTokens, issuer, registeredApis);
        this.refreshGrant = new RefreshTokenGrant(refreshTokens, tokenIssuer);
        this.grants = new TokenGrants(java.util.List.of(
                new AuthorizationCodeGrant(codes, accounts, refreshTokens, denyList, statusLists, tokenIssuer, clock),
                refreshGrant,
                new ClientCredentialsGrant(tokenIssuer)));
        this.firstPartyLogin = new FirstPartyLoginGrant(passwords, tokenIssuer, firstParty, registeredApis);
        this.ssoSessions = new SsoSessionService(new JdbcSsoSessionStore(database), accountStore, clock,
                config.oauth().ssoIdleTtl(), config.oauth().ssoAbsoluteTtl());
        this.consents = new ConsentService(new JdbcConsentStore(database), clock);
        this.retention = new Retention(database, this::longestTokenLifetime);
        this.housekeeping = new Housekeeping(retention, clock);
    }

    /**
     * How long a retired signing key must stay published: the longest lifetime of any token it may have signed (the
     * default access-token lifetime, any client's own, any registered API's, the ID-token lifetime) plus the clock
     * skew.
     */
    private Duration longestTokenLifetime() {
        Duration access = longestAccessTokenLifetime();
        Duration idToken = config.oauth().idTokenTtl().plus(config.tokens().clockSkew());
        return idToken.compareTo(access) > 0 ? idToken : access;
    }

    /** The revocation is committed; a failed reload here only delays this node's copy to its next poll. */
    private void refreshStatusListsQuietly() {
        try {
            statusLists.refresh();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Services.class).warn("status lists not reloaded: {}", e.toString());
        }
    }

    /**
     * How long an access token may live, for a status list's expiry bound: the default access-token lifetime or any
     * client's own, plus the clock skew (read when a node reserves a block of indices, not per token).
     */
    private Duration longestAccessTokenLifetime() {
        Duration longest = config.tokens().accessTtl();
        for (var client : this.clients.list()) {
            if (client.accessTokenTtl().isPresent() && client.accessTokenTtl().get().compareTo(longest) > 0) {
                longest = client.accessTokenTtl().get();
            }
        }
        Duration api = registeredApis.longestAccessTokenTtl().orElse(longest);
        if (api.compareTo(longest) > 0) {
            longest = api;
        }
        return longest.plus(config.tokens().clockSkew());
    }

    /** Opens the database and wires the services. Nothing is migrated or loaded yet. */
    public static Services open(TokenboothConfig config, String issuer, Clock clock) {
        return new Services(config, issuer, clock);
    }

    /** Migrates the schema and loads (first generating) the signing keys. */
    /** Starts the periodic purge of expired rows and long-retired keys (servers only, not CLI commands). */
    public void startHousekeeping() {
        housekeeping.start();
    }

    public Services migrateAndLoadKeys() {
        database.migrate();
        keys.start(java.util.List.copyOf(new java.util.LinkedHashSet<>(java.util.List.of(
                config.tokens().algorithm(), config.oauth().idTokenAlgorithm()))), config.keys().refreshInterval(),
                config.keys().checkInterval());
        return this;
    }

    public Duration accessTtl() {
        return config.tokens().accessTtl();
    }

    @Override
    public void close() {
        denyList.close();
        statusLists.close();
        housekeeping.close();
        keys.close();
        bulkhead.close();
        database.close();
    }
}
