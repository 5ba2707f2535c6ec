#!/bin/bash
# Where PostgreSQL's CPU goes in a refresh rotation: bench/run-wrk.sh SCENARIOS=refresh DB=postgres (its backends
# pinned to core 1 with wrk), and perf (cpu-clock) on core 1 for 15 s of the measured run.
set -u
R=/work/main/bench/results/20261207-quiet-kernel/pg
cd /work/main
SERVER_JAR=${SERVER_JAR:-/tmp/scale-server.jar} SCENARIOS=refresh DB=postgres DURATION=30 BASELINE=0 OUT=$R/run \
  bash bench/run-wrk.sh > $R/run.log 2>&1 &
until grep -q 'wrk refresh measured' $R/run.log 2>/dev/null; do sleep 1; done
sleep 5
perf record -e cpu-clock -F 999 -g -C 1 -o /tmp/perf-pg.data -- sleep 15 2> $R/perf-record.log
wait
perf report -i /tmp/perf-pg.data --no-children --sort comm --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -10 > $R/perf-comm.txt
perf report -i /tmp/perf-pg.data --comm postgres --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60 > $R/perf-postgres-self.txt
perf report -i /tmp/perf-pg.data --comm postgres --children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -80 > $R/perf-postgres-children.txt
