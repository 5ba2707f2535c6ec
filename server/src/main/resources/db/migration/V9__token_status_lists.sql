-- Token Status Lists (issue 7, draft-ietf-oauth-status-list): every access token carries a status list index. Lists
-- are handed out to nodes in blocks of indices (one row update per block), roll over per time window, and are deleted
-- once every token they cover has expired (expires_bound), so their number and size follow the live tokens.
create sequence status_list_ids;
create table status_lists (
    id            bigint     primary key,
    -- The time window whose tokens this list covers (tokens issued in [window_start, window_start + window)).
    window_start  timestamp  not null,
    created_at    timestamp  not null,
    -- Indices [0, next_index) are reserved by some node; the served list is that long. next_index <= capacity.
    next_index    integer    not null,
    capacity      integer    not null,
    -- No token with an index of this list expires after this: raised by a node before it hands out a later expiry.
    expires_bound timestamp  not null,
    -- Raised by every change (a block reserved, a bit flipped): nodes re-render a list when it changes.
    version       bigint     not null
);
create index status_lists_window on status_lists (window_start);

-- The indices whose status is 1 (INVALID). Everything else in [0, next_index) is 0 (VALID).
create table status_list_revocations (
    list_id  bigint   not null references status_lists (id) on delete cascade,
    idx      integer  not null,
    primary key (list_id, idx)
);

-- The access tokens a refresh family minted that have not expired yet, so revoking the family flips their bits
-- without scanning. Written in the transaction that starts or rotates the family; expired entries are dropped then.
create table refresh_family_statuses (
    family_id   varchar(36) not null references refresh_families (id) on delete cascade,
    list_id     bigint      not null,
    idx         integer     not null,
    expires_at  timestamp   not null,
    primary key (family_id, list_id, idx)
);

-- The status index of the access token an authorization code's first redemption issued: a replay flips it.
alter table authorization_codes add column access_status_list bigint;
alter table authorization_codes add column access_status_idx integer;
