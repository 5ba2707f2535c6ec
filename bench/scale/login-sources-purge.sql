-- Issue 11: the login_sources retention rule at scale, as storage.Retention runs it since V11 (two rules through the
-- (known_until, updated_at) index), against the single rule before it. Run on a database seeded by SeedData
-- (1M login sources, every one known for 30 days after a sign-in spread over the last 30 days), after ANALYZE:
--   psql -X -d DB -f bench/scale/login-sources-purge.sql
\timing on
-- The cutoff is now minus the day of margin, as Retention binds it.
\set cutoff '(localtimestamp - interval ''1'' day)'
-- Now: known and no longer known.
explain (analyze, buffers) select username_key, source from login_sources
  where known_until < :cutoff and updated_at < :cutoff and (locked_until is null or locked_until < :cutoff)
  fetch first 5000 rows only;
-- Now: never known.
explain (analyze, buffers) select username_key, source from login_sources
  where known_until is null and updated_at < :cutoff and (locked_until is null or locked_until < :cutoff)
  fetch first 5000 rows only;
-- Before V11: the one rule (on a database still at V10 it went through login_sources_updated or a sequential scan).
explain (analyze, buffers) select username_key, source from login_sources
  where updated_at < :cutoff and (locked_until is null or locked_until < :cutoff)
    and (known_until is null or known_until < :cutoff)
  fetch first 5000 rows only;
