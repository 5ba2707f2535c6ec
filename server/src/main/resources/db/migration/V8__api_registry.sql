-- Registered APIs (issue 7): resource servers an operator registers once. The audience is the API's RFC 8707
-- resource indicator (the aud of its tokens); its scopes are the rights a token for it can carry. A scope belongs to
-- one API only, so a scope names its API (a request with scopes and no resource is for that API).
create table apis (
    name                      varchar(128)  primary key,
    audience                  varchar(512)  not null unique,
    -- Lifetime of access tokens for this API; null: the client's or the configured one.
    access_token_ttl_seconds  integer,
    created_at                timestamp     not null
);
create table api_scopes (
    scope     varchar(128)  primary key,
    api_name  varchar(128)  not null references apis (name) on delete cascade,
    -- The scope's place in the registration, to list the scopes in the operator's order.
    position  integer       not null
);
create index api_scopes_api on api_scopes (api_name);
