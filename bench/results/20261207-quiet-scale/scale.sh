#!/bin/bash
# H2 1k vs 1M on the quiet machine, main's jars, alternating, under one hold of the bench lock (issue 11, item 5).
set -u
R=/work/main/bench/results/20261207-quiet-scale
cp /work/main/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar /tmp/scale-server.jar
cp /work/main/bench/target/benchmarks.jar /tmp/scale-bench.jar
run() { # NAME SEED SEED_FROM
  echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) start $1" >> $R/sequence.log
  (cd /work/main && env DB=h2 SEED="$2" SEED_FROM="$3" SCENARIOS="introspect refresh login" WARMUP=10 DURATION=20 \
    BASELINE=0 AB_ROUNDS=0 RESTARTS=1 SERVER_JAR=/tmp/scale-server.jar BENCH_JAR=/tmp/scale-bench.jar \
    OUT=$R/$1 bench/run-load.sh > $R/$1.out 2>&1)
  echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) end $1 rc=$?" >> $R/sequence.log
}
run h2-1m-a 1000000 /tmp/h2-seed-1000000
run h2-1k-a 1000 /tmp/h2-seed-1000
run h2-1m-b 1000000 /tmp/h2-seed-1000000
run h2-1k-b 1000 /tmp/h2-seed-1000
run h2-1m-c 1000000 /tmp/h2-seed-1000000
run h2-1k-c 1000 /tmp/h2-seed-1000
