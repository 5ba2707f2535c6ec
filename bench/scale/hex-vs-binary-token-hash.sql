-- Issue 11: char(64) hex vs bytea token hashes at 1M rows (sizes, 200,000 lookups, 200,000 inserts). Run on a scratch
-- PostgreSQL database under the bench lock: flock /tmp/bench.lock psql -h 127.0.0.1 -U postgres -d DB -f THIS
\timing on
drop table if exists th_hex, th_bin, probe;
create table th_hex (token_hash char(64) primary key, family_id varchar(36) not null);
create table th_bin (token_hash bytea primary key, family_id varchar(36) not null);
insert into th_hex select encode(sha256(('t'||i)::bytea),'hex'), gen_random_uuid()::text from generate_series(1,1000000) i;
insert into th_bin select decode(token_hash,'hex'), family_id from th_hex;
vacuum analyze th_hex; vacuum analyze th_bin;
select 'hex pkey', pg_size_pretty(pg_relation_size('th_hex_pkey')), 'bin pkey', pg_size_pretty(pg_relation_size('th_bin_pkey')),
       'hex heap', pg_size_pretty(pg_relation_size('th_hex')), 'bin heap', pg_size_pretty(pg_relation_size('th_bin'));
create temp table probe as select encode(sha256(('t'||(1 + (random()*999999)::int))::bytea),'hex') h from generate_series(1,200000);
-- 200,000 lookups each, keys already computed; the plpgsql loop's own cost is the same for both.
do $$ declare r record; f text; begin for r in select h from probe loop select family_id into f from th_hex where token_hash = r.h::char(64); end loop; end $$;
do $$ declare r record; f text; begin for r in select decode(h,'hex') b from probe loop select family_id into f from th_bin where token_hash = r.b; end loop; end $$;
do $$ declare r record; f text; begin for r in select h from probe loop select family_id into f from th_hex where token_hash = r.h::char(64); end loop; end $$;
do $$ declare r record; f text; begin for r in select decode(h,'hex') b from probe loop select family_id into f from th_bin where token_hash = r.b; end loop; end $$;
-- 200,000 inserts of new random keys each (a rotation inserts one).
insert into th_hex select encode(sha256(('n'||i)::bytea),'hex'), 'x' from generate_series(1,200000) i;
insert into th_bin select sha256(('n'||i)::bytea), 'x' from generate_series(1,200000) i;
drop table th_hex, th_bin;
