-- H2 measures varchar in UTF-16 code units, PostgreSQL in characters: a 64-code-point username of characters outside
-- the Basic Multilingual Plane needs 128 units. Widen the username columns so both databases accept every valid name.
alter table accounts alter column username set data type varchar(256);
alter table accounts alter column username_key set data type varchar(512);
