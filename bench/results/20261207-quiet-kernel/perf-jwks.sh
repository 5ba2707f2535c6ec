#!/bin/bash
# Where the kernel time of a JWKS request goes: perf (cpu-clock, software event; this VM has no hardware counters)
# on the server process while wrk loads /.well-known/jwks.json. Server on core 0 (launcher defaults, AOT cache),
# wrk -t1 -c32 on core 1, as in bench/run-wrk.sh.
set -eu
R=/work/main/bench/results/20261207-quiet-kernel; T=/tmp/perfsrv
rm -rf $T; mkdir -p $T/server/target
cp /work/main/tokenbooth $T/; cp /work/main/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar $T/server/target/
export TOKENBOOTH_RATE_LIMIT_LOGIN_PER_IP=0 TOKENBOOTH_RATE_LIMIT_REFRESH_PER_IP=0 TOKENBOOTH_RATE_LIMIT_SIGNUP_PER_IP=0
start() { taskset -c 0 $T/tokenbooth serve --data $T/data --port 18200 > $T/server-$1.log 2>&1 & echo $! > $T/pid
  until curl -sf http://127.0.0.1:18200/.well-known/jwks.json >/dev/null; do sleep 0.2; done; }
stop() { kill $(cat $T/pid); wait $(cat $T/pid) 2>/dev/null || true; }
start record; stop        # the launcher's first serve records the AOT cache; assembled at stop
start run
pid=$(pgrep -f "port 18200" | while read p; do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -1)
taskset -c 1 wrk -t1 -c32 -d10s http://127.0.0.1:18200/.well-known/jwks.json > $R/wrk-warmup.txt
taskset -c 1 wrk -t1 -c32 -d25s http://127.0.0.1:18200/.well-known/jwks.json > $R/wrk-perf.txt &
sleep 5
perf record -e cpu-clock -F 1999 -g -p $pid -o $T/perf.data -- sleep 15 2> $R/perf-record.log
wait %2 2>/dev/null || sleep 6  # wrk only; the server is a child too
stop
perf report -i $T/perf.data --no-children --sort sym --stdio 2>/dev/null | grep -v '^$' | head -80 > $R/perf-self.txt
perf report -i $T/perf.data --children --sort sym --stdio -g none 2>/dev/null | grep -v '^$' | head -150 > $R/perf-children.txt
perf report -i $T/perf.data --no-children --sort dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -20 > $R/perf-dso.txt
