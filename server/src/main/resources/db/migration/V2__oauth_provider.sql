-- Tokenbooth schema v2: the OAuth 2.1 / OpenID Connect provider.
-- Lists (redirect URIs, grant types, scopes, ...) are stored as JSON arrays in text columns.

create table clients (
    client_id                  varchar(128)  primary key,
    client_name                varchar(200)  not null,
    -- SHA-256 (hex) of the generated secret; null for public clients and private_key_jwt clients.
    secret_hash                char(64),
    token_endpoint_auth_method varchar(32)   not null,
    -- Public keys (JWK set JSON) for private_key_jwt.
    jwks                       varchar(16000),
    redirect_uris              varchar(8000) not null,
    post_logout_redirect_uris  varchar(8000) not null,
    grant_types                varchar(1000) not null,
    scopes                     varchar(4000) not null,
    audiences                  varchar(4000) not null,
    web_origins                varchar(4000) not null,
    first_party                boolean       not null,
    access_token_ttl_seconds   integer,
    refresh_idle_ttl_seconds   integer,
    refresh_absolute_ttl_seconds integer,
    created_at                 timestamp     not null,
    updated_at                 timestamp     not null
);

create table authorization_codes (
    -- SHA-256 (hex) of the code; the code itself is never stored.
    code_hash              char(64)      primary key,
    client_id              varchar(128)  not null references clients (client_id) on delete cascade,
    account_id             varchar(36)   not null references accounts (id) on delete cascade,
    redirect_uri           varchar(2000) not null,
    scope                  varchar(1024) not null,
    audiences              varchar(4000) not null,
    nonce                  varchar(512),
    code_challenge         varchar(128),
    auth_time              timestamp     not null,
    amr                    varchar(200)  not null,
    issued_at              timestamp     not null,
    expires_at             timestamp     not null,
    redeemed_at            timestamp,
    -- What the first redemption issued, so that a replay can revoke it (RFC 9700 §4.2.4).
    refresh_family_id      varchar(36),
    access_token_jti       varchar(64),
    access_token_expires_at timestamp
);

create table sso_sessions (
    -- SHA-256 (hex) of the session cookie value.
    id_hash      char(64)    primary key,
    account_id   varchar(36) not null references accounts (id) on delete cascade,
    auth_time    timestamp   not null,
    amr          varchar(200) not null,
    last_seen_at timestamp   not null,
    expires_at   timestamp   not null,
    revoked_at   timestamp
);
create index sso_sessions_account on sso_sessions (account_id);

create table consents (
    account_id  varchar(36)   not null references accounts (id) on delete cascade,
    client_id   varchar(128)  not null references clients (client_id) on delete cascade,
    scopes      varchar(4000) not null,
    granted_at  timestamp     not null,
    primary key (account_id, client_id)
);

-- Access tokens revoked before they expire (RFC 7009): their jti, until they would have expired anyway.
create table revoked_access_tokens (
    jti         varchar(64) primary key,
    revoked_at  timestamp   not null,
    expires_at  timestamp   not null
);
create index revoked_access_tokens_revoked on revoked_access_tokens (revoked_at);

-- private_key_jwt client assertions seen, so that each is accepted once (RFC 7523 §3, item 7).
create table client_assertion_jtis (
    client_id   varchar(128) not null,
    jti         varchar(256) not null,
    expires_at  timestamp    not null,
    primary key (client_id, jti)
);
