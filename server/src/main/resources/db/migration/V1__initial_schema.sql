-- Tokenbooth schema v1. One script for H2 (PostgreSQL mode) and PostgreSQL.
-- Timestamps are UTC. Secrets are stored only as hashes (refresh tokens) or encrypted (private keys).

create table accounts (
    id               varchar(36)  primary key,
    username         varchar(64)  not null,
    -- NFKC + case fold: uniqueness is case-insensitive.
    username_key     varchar(256) not null,
    -- Unicode confusable skeleton (UTS #39) of username_key: no two accounts look alike.
    username_skeleton varchar(1024) not null,
    email            varchar(320),
    password_hash    varchar(512) not null,
    disabled         boolean      not null default false,
    created_at       timestamp    not null,
    updated_at       timestamp    not null,
    constraint accounts_username_key unique (username_key),
    constraint accounts_username_skeleton unique (username_skeleton)
);

-- Progressive login throttling, keyed by the normalised username whether or not an account exists,
-- so that throttling reveals nothing about which usernames are registered.
create table login_throttle (
    username_key  varchar(256) primary key,
    failures      integer      not null,
    locked_until  timestamp,
    updated_at    timestamp    not null
);

create table signing_keys (
    kid              varchar(64)   primary key,
    alg              varchar(16)   not null,
    public_jwk       varchar(4000) not null,
    -- AES-256-GCM under the master key, with the kid as associated data.
    private_jwk_enc  varchar(12000) not null,
    created_at       timestamp     not null,
    -- Published in the JWKS from created_at; used for signing from activates_at until retired_at.
    activates_at     timestamp     not null,
    retired_at       timestamp
);

create table refresh_families (
    id                  varchar(36)   primary key,
    account_id          varchar(36)   not null references accounts (id) on delete cascade,
    client_id           varchar(128)  not null,
    scope               varchar(1024) not null,
    created_at          timestamp     not null,
    absolute_expires_at timestamp     not null,
    revoked_at          timestamp,
    revoked_reason      varchar(32)
);
create index refresh_families_account on refresh_families (account_id);

create table refresh_tokens (
    -- SHA-256 of the token, hex. The token itself is never stored.
    token_hash       char(64)    primary key,
    family_id        varchar(36) not null references refresh_families (id) on delete cascade,
    issued_at        timestamp   not null,
    idle_expires_at  timestamp   not null,
    spent_at         timestamp
);
create index refresh_tokens_family on refresh_tokens (family_id);
