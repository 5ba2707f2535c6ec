#!/bin/bash
# The small-heap options (c1) at a million rows on H2, against the default, alternating: c1, default, c1.
set -u
R=/work/main/bench/results/20261207-quiet-scale
C1="-XX:+UseSerialGC -Xss512k -Xmx128m -Xmn40m -XX:TrimNativeHeapInterval=5000"
run() { # NAME OPTS
  echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) start $1" >> $R/sequence.log
  local extra=(); [ -n "$2" ] && extra=(TOKENBOOTH_JAVA_OPTS="$2")
  (cd /work/main && env "${extra[@]}" DB=h2 SEED=1000000 SEED_FROM=/tmp/h2-seed-1000000 SCENARIOS="introspect refresh login" WARMUP=10 \
    DURATION=20 BASELINE=0 AB_ROUNDS=0 RESTARTS=1 SERVER_JAR=/tmp/scale-server.jar BENCH_JAR=/tmp/scale-bench.jar \
    OUT=$R/$1 bench/run-load.sh > $R/$1.out 2>&1)
  echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) end $1 rc=$?" >> $R/sequence.log
}
run h2-1m-c1-a "$C1"
run h2-1m-d "" 
run h2-1m-c1-b "$C1"
