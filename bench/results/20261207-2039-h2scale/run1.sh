#!/usr/bin/env bash
# one measured run: NAME SEED SEED_FROM [extra env...]
set -u
name="$1" n="$2" from="$3"; shift 3
cd /work/wt-h2scale
env "$@" DB=h2 SEED="$n" SEED_FROM="$from" SCENARIOS="introspect refresh login" WARMUP=10 DURATION=20 \
  BASELINE=0 AB_ROUNDS=0 RESTARTS=1 SERVER_JAR=/tmp/h2scale/server-h2scale.jar BENCH_JAR=/tmp/h2scale/bench-h2scale.jar \
  OUT=/tmp/h2scale/results/$name bench/run-load.sh > /tmp/h2scale/results/$name.out 2>&1
echo "rc $? $(date -u +%H:%M:%S)" >> /tmp/h2scale/results/$name.out
