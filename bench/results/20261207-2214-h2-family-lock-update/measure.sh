#!/bin/bash
set -u
F=/work/main; R=$F/bench/results/20261207-2214-h2-family-lock-update
mkdir -p $R
seq() { echo "$(date -u +%H:%M:%S) $*" >> $R/sequence.log; }
run() { local label=$1 JAR=$2; seq "start $label"
  SCENARIOS=refresh PROFILE=10 SERVER_JAR=$JAR LAUNCHER=$F/tokenbooth BENCH_JAR=$F/bench/target/benchmarks.jar \
    OUT=$R/$label bash $F/bench/run-wrk.sh > $R/$label.log 2>&1; seq "end $label rc=$?"; }
run select-for-update-r1 /tmp/final/jar-before-keep.jar
run update-r1 /tmp/final/jar-after.jar
run select-for-update-r2 /tmp/final/jar-before-keep.jar
run update-r2 /tmp/final/jar-after.jar
