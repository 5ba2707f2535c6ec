#!/bin/bash
# Issue 11: a fresh, quiet machine (load average ~0 before the sitting). Main before issue 11 (06046fb) and the final
# main, alternating, under one hold of the bench lock; then PostgreSQL refresh, a profiled pass, starts.
set -u
B=/work/base-before; F=/work/main; R=$F/bench/results/20261207-quiet
mkdir -p $R
seq() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) $*" >> $R/sequence.log; }
run() { # label tree extra-env...
  local label=$1 T=$2; shift 2
  seq "start $label"
  env "$@" SERVER_JAR=$T/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar LAUNCHER=$T/tokenbooth \
    BENCH_JAR=$T/bench/target/benchmarks.jar OUT=$R/$label bash $F/bench/run-wrk.sh > $R/$label.log 2>&1
  seq "end $label rc=$?"
}
cat > $R/after.sh <<'X'
j=$(pgrep -P $SERVER_PID java || true); SERVER_PID=${j:-$SERVER_PID}
grep -E 'VmRSS|RssAnon|RssFile' /proc/$SERVER_PID/status >$OUT/rss-parts.txt
X
run before-1 $B
run final-1 $F "AFTER_LOAD=bash $R/after.sh"
run before-2 $B
run final-2 $F "AFTER_LOAD=bash $R/after.sh"
run before-pg $B SCENARIOS=refresh DB=postgres
run final-pg $F SCENARIOS=refresh DB=postgres
seq "start starts"
LOAD=0 STARTS=5 OUT=$R/starts bash $F/bench/startup/starts.sh before=$B final=$F > $R/starts.log 2>&1
seq "end starts rc=$?"
run final-profile $F PROFILE=10 BASELINE=0
run final-c1 $F TOKENBOOTH_JAVA_OPTS="-XX:+UseSerialGC -Xss512k -Xmx128m -Xmn40m -XX:TrimNativeHeapInterval=5000" "AFTER_LOAD=bash $R/after.sh"
seq done
