#!/usr/bin/env bash
set -u
cd /tmp/h2scale
r() { name=$1 n=$2 from=$3; shift 3; echo "start $name $(date -u +%H:%M:%S) loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >> driver.log
  (cd /work/wt-h2scale && env "$@" DB=h2 SEED=$n SEED_FROM=$from SCENARIOS="refresh" WARMUP=10 DURATION=20 BASELINE=0 AB_ROUNDS=0 RESTARTS=1 \
   SERVER_JAR=/tmp/h2scale/server-h2scale.jar BENCH_JAR=/tmp/h2scale/bench-h2scale.jar OUT=/tmp/h2scale/results/$name bench/run-load.sh > /tmp/h2scale/results/$name.out 2>&1)
  echo "end $name $(date -u +%H:%M:%S)" >> driver.log; }
r h2-1m-cache128-r2 1000000 /tmp/h2scale/h2-1m TOKENBOOTH_DB_H2_CACHE_MIB=128
r h2-1m-r3 1000000 /tmp/h2scale/h2-1m
r h2-1k-r4 1000 /tmp/h2scale/h2-1k
echo "seq2 done $(date -u +%H:%M:%S)" >> driver.log
