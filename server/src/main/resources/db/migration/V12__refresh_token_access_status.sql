-- The status index of the access token minted with each refresh token, on that token's own row (issue 11, refresh
-- rotation): a login and a rotation write it with the token they insert anyway, instead of a refresh_family_statuses
-- row of their own (one insert, two index entries and a foreign-key check less per refresh). Revoking a family flips
-- the bits of both (storage: StatusListSql). refresh_family_statuses keeps the access tokens minted without a new
-- refresh token (a retry within the reuse grace) and every entry written before this version. Null: no access token
-- was recorded with this token (rows from before this version, or issued without one).
alter table refresh_tokens add column access_list_id bigint;
alter table refresh_tokens add column access_idx integer;
alter table refresh_tokens add column access_expires_at timestamp;
