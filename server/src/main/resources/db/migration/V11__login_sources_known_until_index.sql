-- The login_sources rule through an index (issue 11, scale of data). Its rows go once stale, unlocked and no longer
-- known (known_until past or never set). V10's index on updated_at found the stale rows, but at a million accounts
-- nearly every row is stale and still known, so each housekeeping pass walked (PostgreSQL: scanned) the whole table
-- to delete nothing. storage.Retention now runs the rule as two, each bounded by this index: known_until < cutoff
-- (a range on its first column) and known_until is null and updated_at < cutoff (equality on the first column, range
-- on the second). The updated_at index then serves no statement; dropping it keeps a login's index writes as before.
create index login_sources_known_updated on login_sources (known_until, updated_at);
drop index login_sources_updated;
