-- Tokenbooth schema v2.1: what an OAuth refresh family carries over to the tokens it refreshes.
-- Null for first-party families and for families created before this version.

-- RFC 8707 audiences of the access tokens (JSON array).
alter table refresh_families add column audiences varchar(4000);
-- OpenID Connect auth_time and amr of the login behind the family (OIDC Core §12.2).
alter table refresh_families add column auth_time timestamp;
alter table refresh_families add column amr varchar(200);
