-- Failed logins and successful sign-ins per (normalised username, source), where a source is a client address (an
-- IPv6 /64 counts as one). A stranger's failures delay only the stranger's source; login_throttle keeps the
-- username-wide count that slows a guesser spread over many sources, for sources not known to the username.
create table login_sources (
    username_key  varchar(256) not null,
    source        varchar(64)  not null,
    failures      integer      not null,
    locked_until  timestamp,
    known_until   timestamp,
    updated_at    timestamp    not null,
    primary key (username_key, source)
);

-- The per-source row bound counts by source.
create index login_sources_by_source on login_sources (source);
