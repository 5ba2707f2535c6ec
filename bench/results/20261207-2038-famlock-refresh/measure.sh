#!/usr/bin/env bash
set -u
cd /work/wt-famlock
R=bench/results/20261207-2038-famlock-refresh
for step in h2:base h2:new postgres:base postgres:new h2:new h2:base postgres:new postgres:base; do
  db=${step%%:*}; jar=${step##*:}
  n=1; while [ -e $R/$db-$jar-$n ]; do n=$((n+1)); done
  echo "$(date -u +%T) start $db $jar $n"
  flock /tmp/bench.lock env SCENARIOS=refresh DB=$db SERVER_JAR=/tmp/famlock/jars/$jar.jar LAUNCHER=./tokenbooth OUT=$R/$db-$jar-$n bench/run-wrk.sh > /tmp/famlock/bench-$db-$jar-$n.log 2>&1
  echo "$(date -u +%T) done $db $jar $n rc=$?"
done
