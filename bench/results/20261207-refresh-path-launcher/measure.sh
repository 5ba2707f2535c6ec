#!/usr/bin/env bash
# Same-sitting A/B of refresh under run-wrk.sh in one hold of the bench lock: JFR pairs first (H2, PostgreSQL), then
# pairs without JFR in the other order; stops starting runs after $DEADLINE (UTC HH:MM). Scratch launcher (execs java
# directly, launcher default options, no AOT cache) for both jars.
set -u
R=/work/wt-refresh-path/bench/results/20261207-refresh-path-launcher-launcher
DEADLINE="${DEADLINE:-18:24}"
mkdir -p $R
one() { # n label db jfr
  local n=$1 label=$2 db=$3 jfr=$4 out="$R/$1-$2-$3$([ "$4" = 1 ] && echo -jfr)" opts="-XX:+UseSerialGC -Xss512k -Xmx256m"
  if [[ "$(date -u +%H:%M)" > "$DEADLINE" ]]; then echo "== $n $label $db skipped (deadline)"; return; fi
  [ "$jfr" = 1 ] && opts="$opts -XX:StartFlightRecording=filename=/tmp/rp-jfr/$label-$db.jfr,settings=profile"
  echo "== $n $label $db jfr=$jfr $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  env SCENARIOS=refresh DB=$db BASELINE=0 SERVER_JAR=/tmp/rp-jars/$label.jar LAUNCHER=/tmp/base-refresh-path/tokenbooth \
    BENCH_JAR=/tmp/base-refresh-path/bench/target/benchmarks.jar OUT="$out" \
    /tmp/base-refresh-path/bench/run-wrk.sh > "$out.log" 2>&1
  echo "   exit $? $(grep -h 'phase=measured' $out/results.txt 2>/dev/null | tr ' ' '\n' | grep -E '^(rps|per_cpu_s|server_cpu_pct|db_cpu_s|reads_per_req|writes_per_req|p50_ms|non2xx|errors|loadavg)=' | tr '\n' ' ')"
}
export -f one; export R DEADLINE
flock /tmp/bench.lock bash -c 'one 9 base h2 0; one 10 v12 h2 0; one 11 base postgres 0; one 12 v12 postgres 0'
echo "== done $(date -u +%T)"
