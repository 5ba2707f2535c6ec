#!/bin/bash
set -u
F=/work/main; R=$F/bench/results/20261207-2206-h2-query-cache
mkdir -p $R
seq() { echo "$(date -u +%H:%M:%S) $*" >> $R/sequence.log; }
run() { local label=$1 JAR=$2; shift 2; seq "start $label"
  env "$@" SCENARIOS="cc introspect refresh" SERVER_JAR=$JAR LAUNCHER=$F/tokenbooth BENCH_JAR=$F/bench/target/benchmarks.jar \
    OUT=$R/$label bash $F/bench/run-wrk.sh > $R/$label.log 2>&1; seq "end $label rc=$?"; }
run before-r1 /tmp/final/jar-before.jar PROFILE=10
run after-r1 $F/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar PROFILE=10
