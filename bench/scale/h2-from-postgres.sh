#!/usr/bin/env bash
# Copies a PostgreSQL database seeded by SeedData into a new embedded H2 data folder (issue 11, scale of data):
# SeedData writes H2 through JDBC batches, which on a busy 2-core machine took ~15 min per 100,000 accounts; exported
# as CSV and read back with H2's CSVREAD, one statement per table, a million took minutes. The H2 schema is the
# bench jar's own (Flyway, through DrainBacklog, which also shows nothing to purge), then the seeded tables are
# filled, the status-list id sequence moved past the seeded lists, and the file compacted by H2's MVStoreTool -compact
# WITHOUT compression: SHUTDOWN COMPACT would LZF-compress every page, which a server's own writes never are
# (docs/performance.md, "1k vs 1M on H2, night (issue 11)"). Prints how many pages are compressed (expect 0).
# Usage: bench/scale/h2-from-postgres.sh PG_DATABASE H2_DATA_DIR BENCH_JAR   (PG on 127.0.0.1:5432 as postgres)
set -euo pipefail
db="$1" data="$2" jar="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ ! -e "$data" ] || { echo "$data exists" >&2; exit 2; }
csv="$(mktemp -d /tmp/h2-from-pg.XXXXXX)"
trap 'rm -rf "$csv"' EXIT
tables="accounts login_sources refresh_families refresh_tokens refresh_family_statuses status_lists status_list_revocations"
for t in $tables; do
  psql -X -q -h 127.0.0.1 -U postgres -d "$db" -v ON_ERROR_STOP=1 -c "\\copy $t to '$csv/$t.csv' with (format csv, header true)"
done
timeout 300 "$java" -cp "$jar" "$here/DrainBacklog.java" --data "$data" --passes 1 >/dev/null 2>&1
{
  for t in $tables; do
    cols="$(head -1 "$csv/$t.csv")"
    echo "insert into $t ($cols) select * from csvread('$csv/$t.csv', null, 'charset=UTF-8'); commit;"
  done
  echo "alter sequence status_list_ids restart with 1000000;"
  echo "shutdown;"
} >"$csv/import.sql"
time timeout 3600 "$java" -Xmx2g -cp "$jar" org.h2.tools.RunScript -user sa -script "$csv/import.sql" \
  -url "jdbc:h2:file:$(cd "$data" && pwd)/tokenbooth;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
time nice -n 19 "$java" -cp "$jar" org.h2.mvstore.MVStoreTool -compact "$data/tokenbooth.mv.db"
ls -la "$data"
"$java" -cp "$jar" org.h2.mvstore.MVStoreTool -dump "$data/tokenbooth.mv.db" \
  | awk '/^\+[0-9a-f]+ (node|leaf)/{n++; if ($3 == "compressed,") z++} END{printf "pages %d, LZF-compressed %d\n", n, z}'
