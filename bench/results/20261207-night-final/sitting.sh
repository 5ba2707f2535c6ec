#!/bin/bash
# Issue 11, night: session start (f4f4b17) and final main in one sitting, under one hold of the bench lock.
set -u
B=/work/base-lead; F=/work/main; R=$F/bench/results/20261207-night-final
mkdir -p $R
seq() { echo "$(date -u +%H:%M:%S) $*" >> $R/sequence.log; }
run() { # label tree extra-env...
  local label=$1 T=$2; shift 2
  seq "start $label"
  env "$@" SERVER_JAR=$T/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar LAUNCHER=$T/tokenbooth \
    BENCH_JAR=$T/bench/target/benchmarks.jar OUT=$R/$label bash $F/bench/run-wrk.sh > $R/$label.log 2>&1
  seq "end $label rc=$?"
}
run start-wrk $B
run final-wrk $F PROFILE=10
run start-pg $B SCENARIOS=refresh DB=postgres
run final-pg $F SCENARIOS=refresh DB=postgres
cat > $R/after.sh <<'X'
j=$(pgrep -P $SERVER_PID java || true); SERVER_PID=${j:-$SERVER_PID}
grep -E 'VmRSS|RssAnon|RssFile' /proc/$SERVER_PID/status >$OUT/rss-parts.txt
X
run final-c1-wrk $F TOKENBOOTH_JAVA_OPTS="-XX:+UseSerialGC -Xss512k -Xmx128m -Xmn40m -XX:TrimNativeHeapInterval=5000" "AFTER_LOAD=bash $R/after.sh"
run final-default-wrk2 $F "AFTER_LOAD=bash $R/after.sh"
seq "start starts"
LOAD=0 STARTS=5 OUT=$R/starts bash $F/bench/startup/starts.sh start=$B final=$F > $R/starts.log 2>&1
seq "end starts rc=$?"
