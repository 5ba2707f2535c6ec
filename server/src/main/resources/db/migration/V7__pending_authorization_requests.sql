-- Authorization requests waiting for the user (issue 6): /oauth2/authorize stores the validated request here when it
-- must show a page (sign-in, consent), and the pages carry only a random id. Any node resumes the request from this
-- row; the first completion (the code or the error redirect) sets completed_at with a compare-and-set.
create table pending_authorizations (
    -- SHA-256 (hex) of the id in the pages; the id itself is never stored.
    id_hash       char(64)       primary key,
    -- SHA-256 (hex) of the browser's binding cookie: only that browser may resume the request.
    binding_hash  char(64)       not null,
    client_id     varchar(128)   not null,
    -- The request's parameters as validated, a JSON object of name -> list of values; validated again at each step.
    parameters    varchar(65535) not null,
    -- Progress of the steps: who has authenticated for this request, how (RFC 8176 amr, space-separated) and when.
    account_id    varchar(36)    references accounts (id) on delete cascade,
    amr           varchar(200),
    auth_time     timestamp,
    created_at    timestamp      not null,
    expires_at    timestamp      not null,
    completed_at  timestamp
);
-- The per-browser bound counts by binding; housekeeping deletes by expiry.
create index pending_authorizations_binding on pending_authorizations (binding_hash, created_at);
create index pending_authorizations_expires on pending_authorizations (expires_at);
