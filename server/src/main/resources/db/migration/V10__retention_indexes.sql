-- Retention indexes (issue 11, scale of data): every housekeeping rule (storage.Retention) deletes by an expiry or
-- last-update column, in bounded batches that pick their rows by that column. Without an index each batch scanned the
-- whole table: at a million live refresh families one purge read the table once per 5,000 rows it deleted.
create index refresh_families_absolute_expires on refresh_families (absolute_expires_at);
create index refresh_family_statuses_expires on refresh_family_statuses (expires_at);
create index authorization_codes_expires on authorization_codes (expires_at);
create index sso_sessions_expires on sso_sessions (expires_at);
create index revoked_access_tokens_expires on revoked_access_tokens (expires_at);
create index client_assertion_jtis_expires on client_assertion_jtis (expires_at);
create index login_throttle_updated on login_throttle (updated_at);
create index login_sources_updated on login_sources (updated_at);
