package io.tokenbooth.server.app;

import io.tokenbooth.server.account.AccountService;
import io.tokenbooth.server.account.JdbcAccountStore;
import io.tokenbooth.server.account.UsernamePolicy;
import io.tokenbooth.server.account.password.BreachedPasswords;
import io.tokenbooth.server.account.password.HashingBulkhead;
import io.tokenbooth.server.account.password.PasswordHasher;
import io.tokenbooth.server.account.password.PasswordPolicy;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.client.JdbcClientStore;
import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.keys.CryptoProviders;
import io.tokenbooth.server.keys.JdbcSigningKeyStore;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.MasterKey;
import io.tokenbooth.server.login.JdbcLoginThrottleStore;
import io.tokenbooth.server.oauth.code.AuthorizationCodeStore;
import io.tokenbooth.server.oauth.code.JdbcAuthorizationCodeStore;
import io.tokenbooth.server.login.LoginService;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.token.AccessTokenMinter;
import io.tokenbooth.server.token.AccessTokenVerifier;
import io.tokenbooth.server.token.FirstPartyTokens;
import io.tokenbooth.server.token.refresh.JdbcRefreshTokenStore;
import io.tokenbooth.server.token.refresh.RefreshTokenService;
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
    public final LoginService logins;
    public final RefreshTokenService refreshTokens;
    public final AccessTokenMinter minter;
    public final AccessTokenVerifier verifier;
    public final FirstPartyTokens firstPartyTokens;
    public final ClientService clients;
    public final AuthorizationCodeStore codes;

    private Services(TokenboothConfig config, String issuer, Clock clock) {
        this.config = config;
        this.issuer = issuer;
        this.clock = clock;
        CryptoProviders.install(config.cryptoProvider());
        MasterKey masterKey = MasterKey.load(config.database());
        this.database = Database.open(config.database());
        var tokens = config.tokens();
        this.keys = new KeyService(new JdbcSigningKeyStore(database), masterKey, clock,
                tokens.accessTtl().plus(tokens.clockSkew()));
        var pw = config.passwords();
        PasswordHasher hasher = new PasswordHasher(pw.argon2MemoryKib(), pw.argon2Iterations(), pw.argon2Parallelism());
        this.bulkhead = new HashingBulkhead(pw.hashThreads(), pw.hashQueue());
        var accountStore = new JdbcAccountStore(database);
        this.refreshTokens = new RefreshTokenService(new JdbcRefreshTokenStore(database), clock,
                tokens.refreshIdleTtl(), tokens.refreshAbsoluteTtl());
        this.accounts = new AccountService(accountStore, new UsernamePolicy(),
                new PasswordPolicy(BreachedPasswords.bundled()), hasher, bulkhead, refreshTokens, clock);
        this.logins = new LoginService(accountStore, new JdbcLoginThrottleStore(database), hasher, bulkhead,
                config.rateLimits(), clock);
        String audience = config.audienceFor(issuer);
        this.minter = new AccessTokenMinter(keys, clock, issuer, tokens.algorithm(), tokens.accessTtl());
        this.verifier = new AccessTokenVerifier(keys, clock, issuer, audience, tokens.clockSkew());
        this.firstPartyTokens = new FirstPartyTokens(minter, refreshTokens, accountStore, audience);
        this.clients = new ClientService(new JdbcClientStore(database), clock);
        this.codes = new JdbcAuthorizationCodeStore(database);
    }

    /** Opens the database and wires the services. Nothing is migrated or loaded yet. */
    public static Services open(TokenboothConfig config, String issuer, Clock clock) {
        return new Services(config, issuer, clock);
    }

    /** Migrates the schema and loads (first generating) the signing keys. */
    public Services migrateAndLoadKeys() {
        database.migrate();
        keys.start(java.util.List.copyOf(new java.util.LinkedHashSet<>(java.util.List.of(
                config.tokens().algorithm(), config.oauth().idTokenAlgorithm()))), config.keys().refreshInterval());
        return this;
    }

    public Duration accessTtl() {
        return config.tokens().accessTtl();
    }

    @Override
    public void close() {
        keys.close();
        bulkhead.close();
        database.close();
    }
}
