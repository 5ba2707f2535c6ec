-- At most one unretired signing key per algorithm, held by the database (issue 6): two nodes starting at once on a
-- fresh database both found no key and both inserted one. PostgreSQL would take a partial unique index
-- (where retired_at is null), but H2 has none; so unretired_alg repeats alg while the key is unretired and is null
-- once it is retired, and a unique index on it (NULLs are distinct in both databases) allows one per algorithm.
alter table signing_keys add column unretired_alg varchar(16);

-- A database that already lost that race has two unretired keys of one algorithm: keep the one KeyRing signs with
-- (latest activates_at, then highest kid) and retire the others from its activation, as a rotation would; they stay
-- published until their tokens have expired.
update signing_keys s
   set retired_at = (select max(o.activates_at) from signing_keys o where o.alg = s.alg and o.retired_at is null)
 where s.retired_at is null
   and exists (select 1 from signing_keys o
                where o.alg = s.alg and o.retired_at is null
                  and (o.activates_at > s.activates_at or (o.activates_at = s.activates_at and o.kid > s.kid)));

update signing_keys set unretired_alg = alg where retired_at is null;

-- The marker follows retired_at exactly, so no writer can leave an unretired key outside the unique index.
alter table signing_keys add constraint signing_keys_unretired_alg_matches check (
    (retired_at is null and unretired_alg is not null and unretired_alg = alg)
    or (retired_at is not null and unretired_alg is null));

create unique index signing_keys_one_unretired_per_alg on signing_keys (unretired_alg);
