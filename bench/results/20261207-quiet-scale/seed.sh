#!/bin/bash
# Seed H2 at 1k and 1M with SeedData (niced, on core 1, outside the bench lock), then make every status entry live
# (SeedData gives them 1-60 min) and compact without compression, as the night's h2scale runs did.
set -eu
J=/work/main/bench/target/benchmarks.jar; R=/work/main/bench/results/20261207-quiet-scale
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for n in 1000 1000000; do
  d=/tmp/h2-seed-$n; rm -rf $d
  s=$(date +%s)
  nice -n 19 taskset -c 1 $J25 -XX:ActiveProcessorCount=1 -Xmx1g -cp $J io.tokenbooth.bench.SeedData --count $n --data $d
  f=$d/tokenbooth.mv.db
  url="jdbc:h2:file:$d/tokenbooth;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
  nice -n 19 taskset -c 1 $J25 -cp $J org.h2.tools.Shell -url "$url" -user sa -sql \
    "update refresh_family_statuses set expires_at = dateadd('DAY', 14, expires_at); shutdown"
  nice -n 19 taskset -c 1 $J25 -cp $J org.h2.mvstore.MVStoreTool -compact $f
  echo "$n: seeded, made live and compacted in $(( $(date +%s) - s )) s; $(du -sh $d)" >> $R/seed.txt
done
