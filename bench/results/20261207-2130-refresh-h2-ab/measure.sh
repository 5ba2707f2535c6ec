#!/bin/bash
# H2 refresh: base (f4f4b17) and final (main) alternating, one sitting
set -u
B=/work/base-lead; F=/work/main; R=/work/main/bench/results/20261207-2130-refresh-h2-ab
mkdir -p $R
for round in 1 2; do
  for pair in "base:$B" "final:$F"; do
    name=${pair%%:*}; T=${pair#*:}
    SCENARIOS=refresh SERVER_JAR=$T/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar LAUNCHER=$T/tokenbooth \
      BENCH_JAR=$T/bench/target/benchmarks.jar OUT=$R/$name-r$round bash $F/bench/run-wrk.sh > $R/$name-r$round.log 2>&1
    echo "$name r$round rc=$?" >> $R/sequence.log
  done
done
