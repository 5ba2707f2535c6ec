-- One wallet per user, keyed by the access token's sub. The row is the lock that serializes a user's movements
-- (SELECT ... FOR UPDATE) and points at the newest ledger entry; the balance itself is the ledger's.
create table wallets (
    owner      varchar(255) primary key,
    last_seq   bigint       not null,
    created_at timestamp    not null
);

-- The ledger: append-only (the application never updates or deletes a row). Each entry carries the balance after it,
-- derived from the previous entry in the transaction that appends it, under the wallet's row lock.
create table wallet_entries (
    owner         varchar(255) not null,
    seq           bigint       not null,
    kind          varchar(16)  not null,
    amount        bigint       not null,
    merchant      varchar(100),
    balance_after bigint       not null,
    created_at    timestamp    not null,
    primary key (owner, seq),
    constraint wallet_entries_amount_positive check (amount > 0),
    constraint wallet_entries_never_negative check (balance_after >= 0)
);

-- Idempotency-Key records: the request's hash and the outcome it got, written in the same transaction as the
-- movement, so that a retry (even one arriving at the same moment) gets the first answer and moves nothing.
create table idempotency_keys (
    owner        varchar(255) not null,
    idem_key     varchar(128) not null,
    request_hash varchar(64)  not null,
    outcome      varchar(24)  not null,
    entry_seq    bigint,
    balance      bigint       not null,
    created_at   timestamp    not null,
    primary key (owner, idem_key)
);
create index idempotency_keys_created_at on idempotency_keys (created_at);
